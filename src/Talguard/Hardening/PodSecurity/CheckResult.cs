namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// The outcome of one check on one pod: allowed, or a short reason with a detail (upstream's wording,
/// byte for byte) and the first offending field.
/// </summary>
public readonly record struct CheckResult(bool Allowed, string Reason, string Detail, FieldRef? Field)
{
    public static readonly CheckResult Allow = new(true, string.Empty, string.Empty, null);

    public static CheckResult Forbid(string reason, string detail, FieldRef field) => new(false, reason, detail, field);
}

/// <summary>One revision of a check: the behaviour from <paramref name="MinimumMinor"/> (v1.N) on.</summary>
/// <param name="Overrides">Baseline check IDs this restricted revision replaces at the restricted level.</param>
public sealed record CheckRevision(int MinimumMinor, Func<PodView, CheckResult> Evaluate, params string[] Overrides);

/// <summary>
/// One Pod Security Standards check, with its revisions in increasing version order. At version V the
/// newest revision whose minimum is at or below V applies; before the first one the check does not exist.
/// </summary>
public abstract class PodSecurityCheck
{
    public abstract string Id { get; }

    public abstract PodSecurityLevel Level { get; }

    public abstract IReadOnlyList<CheckRevision> Revisions { get; }

    /// <summary>
    /// Adds the edits that make a pod pass this check (for the restricted level where that is stricter),
    /// when a mechanical fix exists; some violations (a hostPath volume) need a human.
    /// <paramref name="minor"/> is the version in force (v1.N).
    /// </summary>
    public virtual void Remedy(PodView pod, int minor, PodEdits edits)
    {
    }

    /// <summary>The revision in force at <paramref name="minor"/>, or null when the check does not exist yet.</summary>
    public CheckRevision? RevisionAt(int minor)
    {
        CheckRevision? found = null;
        foreach (var revision in Revisions)
        {
            if (revision.MinimumMinor <= minor)
            {
                found = revision;
            }
        }

        return found;
    }

    public override string ToString() => Id;
}
