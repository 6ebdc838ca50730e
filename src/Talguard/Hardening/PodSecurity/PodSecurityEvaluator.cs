using System.Text;

namespace Talguard.Hardening.PodSecurity;

/// <summary>A failed check: its ID, upstream's reason and detail, and where in the document it is.</summary>
public sealed record PodSecurityViolation(PodSecurityCheck Check, string Reason, string Detail, FieldRef Field)
{
    public string CheckId => Check.Id;

    /// <summary><c>reason (detail)</c>, or the reason alone when there is no detail.</summary>
    public override string ToString() => Detail.Length == 0 ? Reason : Reason + " (" + Detail + ")";
}

/// <summary>The verdict for one pod at one level and version.</summary>
public sealed class PodSecurityResult
{
    internal static readonly IReadOnlyList<PodSecurityViolation> NoViolations = [];

    internal PodSecurityResult(LevelVersion levelVersion, int effectiveMinor, IReadOnlyList<PodSecurityViolation> violations)
    {
        LevelVersion = levelVersion;
        EffectiveMinor = effectiveMinor;
        Violations = violations;
    }

    /// <summary>The policy as written (<c>restricted:latest</c>); messages name it this way.</summary>
    public LevelVersion LevelVersion { get; }

    /// <summary>The minor the checks ran at after resolving <c>latest</c> and capping.</summary>
    public int EffectiveMinor { get; }

    public IReadOnlyList<PodSecurityViolation> Violations { get; }

    public bool Allowed => Violations.Count == 0;

    /// <summary>Upstream's <c>ForbiddenReason()</c>: the reasons joined by <c>, </c>.</summary>
    public string ForbiddenReason => string.Join(", ", Violations.Select(v => v.Reason));

    /// <summary>Upstream's <c>ForbiddenDetail()</c>: <c>reason (detail), reason (detail)</c>.</summary>
    public string ForbiddenDetail
    {
        get
        {
            var builder = new StringBuilder();
            foreach (var violation in Violations)
            {
                if (builder.Length > 0)
                {
                    builder.Append(", ");
                }

                builder.Append(violation.Reason);
                if (violation.Detail.Length > 0)
                {
                    builder.Append(" (").Append(violation.Detail).Append(')');
                }
            }

            return builder.ToString();
        }
    }

    /// <summary>The API server's denial text: <c>violates PodSecurity "restricted:latest": ...</c>; empty when allowed.</summary>
    public string Message => Allowed ? string.Empty : "violates PodSecurity \"" + LevelVersion + "\": " + ForbiddenDetail;
}

/// <summary>
/// Runs the checks of a level at a version. The check list of every (level, minor) is resolved once,
/// upstream's way: baseline IDs sorted, then restricted IDs sorted; at restricted, a baseline check is
/// dropped from the version a restricted revision overrides it.
/// </summary>
public sealed class PodSecurityEvaluator
{
    public const string UnknownForbiddenReason = "unknown forbidden reason";

    private readonly (PodSecurityCheck Check, CheckRevision Revision)[][] _baseline;
    private readonly (PodSecurityCheck Check, CheckRevision Revision)[][] _restricted;

    /// <param name="maxMinor">
    /// The newest minor evaluated: <c>latest</c> and newer pins are capped to it. Defaults to the newest
    /// behaviour known; a lower value emulates an older API server.
    /// </param>
    public PodSecurityEvaluator(int? maxMinor = null)
    {
        MaxMinor = Math.Min(maxMinor ?? PodSecurityChecks.MaxMinor, PodSecurityChecks.MaxMinor);
        var ordered = PodSecurityChecks.All
            .OrderBy(c => c.Level == PodSecurityLevel.Baseline ? 0 : 1)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        _baseline = new (PodSecurityCheck, CheckRevision)[MaxMinor + 1][];
        _restricted = new (PodSecurityCheck, CheckRevision)[MaxMinor + 1][];
        for (var minor = 0; minor <= MaxMinor; minor++)
        {
            var active = ordered.Select(c => (Check: c, Revision: c.RevisionAt(minor))).Where(c => c.Revision is not null).ToList();
            var overridden = active.Where(c => c.Check.Level == PodSecurityLevel.Restricted).SelectMany(c => c.Revision!.Overrides).ToHashSet(StringComparer.Ordinal);
            _baseline[minor] = [.. active.Where(c => c.Check.Level == PodSecurityLevel.Baseline).Select(c => (c.Check, c.Revision!))];
            _restricted[minor] = [.. active.Where(c => !overridden.Contains(c.Check.Id)).Select(c => (c.Check, c.Revision!))];
        }
    }

    /// <summary>One evaluator with every known behaviour (what <c>latest</c> means on the newest API server).</summary>
    public static PodSecurityEvaluator Default { get; } = new();

    public int MaxMinor { get; }

    /// <summary>The minor a policy version runs at: <c>latest</c> and anything newer than known run as the newest.</summary>
    public int Resolve(PolicyVersion version) => version.IsLatest || version.Minor > MaxMinor ? MaxMinor : version.Minor;

    /// <summary>The checks that run for a level at a version, in message order.</summary>
    public IEnumerable<PodSecurityCheck> ChecksFor(LevelVersion levelVersion) => Table(levelVersion).Select(c => c.Check);

    public PodSecurityResult Evaluate(LevelVersion levelVersion, PodView pod)
    {
        var minor = Resolve(levelVersion.Version);
        List<PodSecurityViolation>? violations = null;
        foreach (var (check, revision) in Table(levelVersion))
        {
            var result = revision.Evaluate(pod);
            if (!result.Allowed)
            {
                var reason = result.Reason.Length == 0 ? UnknownForbiddenReason : result.Reason;
                (violations ??= []).Add(new PodSecurityViolation(check, reason, result.Detail, result.Field ?? new FieldRef(pod.Anchor)));
            }
        }

        return new PodSecurityResult(levelVersion, minor, violations ?? PodSecurityResult.NoViolations);
    }

    private (PodSecurityCheck Check, CheckRevision Revision)[] Table(LevelVersion levelVersion) => levelVersion.Level switch
    {
        PodSecurityLevel.Baseline => _baseline[Resolve(levelVersion.Version)],
        PodSecurityLevel.Restricted => _restricted[Resolve(levelVersion.Version)],
        _ => [],
    };
}
