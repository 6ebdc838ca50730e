using Talguard.Model;

namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// <c>cluster.apiServer.extraArgs</c> of a node config. A value is a string or (Talos v1.13+) a list of
/// strings; every element is a value of the flag, and the last one is what the API server keeps.
/// </summary>
internal static class ApiServerArgs
{
    public const string PolicyFile = "audit-policy-file";
    public const string LogPath = "audit-log-path";
    public const string WebhookConfigFile = "audit-webhook-config-file";

    public static YamlNode? ExtraArgs(LocatedDocument machineConfig) => machineConfig.At("cluster", "apiServer", "extraArgs");

    /// <summary>The scalar values given for <paramref name="name"/>, in order (empty when the flag is not overridden).</summary>
    public static IReadOnlyList<YamlNode> Values(LocatedDocument machineConfig, string name)
    {
        var value = ExtraArgs(machineConfig)?[name];
        if (value is null)
        {
            return [];
        }

        return value.IsSequence ? [.. value.Items.Where(i => i.IsScalar)] : value.IsScalar ? [value] : [];
    }

    /// <summary>The value in force: the last one given, or null when the flag is not overridden.</summary>
    public static YamlNode? Effective(LocatedDocument machineConfig, string name) => Values(machineConfig, name) is [.., var last] ? last : null;

    public static string Text(YamlNode value) => value.IsNull ? string.Empty : value.Value;
}
