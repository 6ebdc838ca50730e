using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>The three admission modes and the level and version each applies.</summary>
public sealed record PodSecurityPolicy(LevelVersion Enforce, LevelVersion Audit, LevelVersion Warn)
{
    /// <summary>Upstream's built-in defaults: everything privileged at latest.</summary>
    public static readonly PodSecurityPolicy Privileged = new(
        new(PodSecurityLevel.Privileged, PolicyVersion.Latest),
        new(PodSecurityLevel.Privileged, PolicyVersion.Latest),
        new(PodSecurityLevel.Privileged, PolicyVersion.Latest));

    public bool FullyPrivileged =>
        Enforce.Level == PodSecurityLevel.Privileged && Audit.Level == PodSecurityLevel.Privileged && Warn.Level == PodSecurityLevel.Privileged;
}

/// <summary>A <c>pod-security.kubernetes.io/*</c> label (or defaults entry) whose value upstream rejects.</summary>
public sealed record PolicyValueError(string Key, string Value, string Reason, YamlNode Node);

/// <summary>
/// Reads <c>pod-security.kubernetes.io/{enforce,audit,warn}[-version]</c> exactly as upstream: a missing
/// label keeps the default; an invalid enforce level means restricted (fail closed), an invalid audit or
/// warn level means privileged (fail open), an invalid version means latest; and when a valid enforce
/// label is stricter than the warn level and no warn label is present, warn follows enforce.
/// </summary>
public static class NamespacePolicy
{
    public const string LabelPrefix = "pod-security.kubernetes.io/";

    /// <summary>The effective policy of a namespace with <paramref name="labels"/> (a mapping, or null).</summary>
    public static PodSecurityPolicy Resolve(YamlNode? labels, PodSecurityPolicy defaults, List<PolicyValueError>? errors = null)
    {
        if (labels is not { IsMapping: true } || labels.Entries.Count == 0)
        {
            return defaults;
        }

        var enforce = defaults.Enforce;
        var audit = defaults.Audit;
        var warn = defaults.Warn;
        var hasEnforceLevel = false;
        var hasWarnLevel = false;
        var hasWarnVersion = false;

        if (Label(labels, "enforce") is { } enforceLevel)
        {
            hasEnforceLevel = ParseLevel(enforceLevel, PodSecurityLevel.Restricted, errors, out var level);
            enforce = enforce with { Level = level };
        }

        if (Label(labels, "enforce-version") is { } enforceVersion)
        {
            enforce = enforce with { Version = ParseVersion(enforceVersion, errors) };
        }

        if (Label(labels, "audit") is { } auditLevel)
        {
            ParseLevel(auditLevel, PodSecurityLevel.Privileged, errors, out var level);
            audit = audit with { Level = level };
        }

        if (Label(labels, "audit-version") is { } auditVersion)
        {
            audit = audit with { Version = ParseVersion(auditVersion, errors) };
        }

        if (Label(labels, "warn") is { } warnLevel)
        {
            hasWarnLevel = true;
            ParseLevel(warnLevel, PodSecurityLevel.Privileged, errors, out var level);
            warn = warn with { Level = level };
        }

        if (Label(labels, "warn-version") is { } warnVersion)
        {
            hasWarnVersion = true;
            warn = warn with { Version = ParseVersion(warnVersion, errors) };
        }

        if (!hasWarnLevel && hasEnforceLevel && enforce.Level > warn.Level)
        {
            warn = new LevelVersion(enforce.Level, hasWarnVersion ? warn.Version : enforce.Version);
        }

        return new PodSecurityPolicy(enforce, audit, warn);
    }

    /// <summary>Parses a level value; on failure <paramref name="level"/> is <paramref name="fallback"/>.</summary>
    internal static bool ParseLevel(YamlNode node, PodSecurityLevel fallback, List<PolicyValueError>? errors, out PodSecurityLevel level)
    {
        if (PodSecurityLevels.TryParse(node.AsString() ?? string.Empty, out level))
        {
            return true;
        }

        level = fallback;
        errors?.Add(new PolicyValueError(node.KeyInParent ?? string.Empty, node.Value, PodSecurityLevels.InvalidLevelMessage, node));
        return false;
    }

    internal static PolicyVersion ParseVersion(YamlNode node, List<PolicyValueError>? errors)
    {
        if (PolicyVersion.TryParse(node.AsString() ?? string.Empty, out var version))
        {
            return version;
        }

        errors?.Add(new PolicyValueError(node.KeyInParent ?? string.Empty, node.Value, PolicyVersion.InvalidVersionMessage, node));
        return version;
    }

    private static YamlNode? Label(YamlNode labels, string mode) => labels[LabelPrefix + mode];
}
