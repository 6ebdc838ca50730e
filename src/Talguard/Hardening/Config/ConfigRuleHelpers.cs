using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.Config;

internal static class ConfigRuleHelpers
{
    /// <summary>Reports at a field: the key's position (where the entry starts), the value's path.</summary>
    public static void ReportField(this ScanContext context, RuleDescriptor rule, LocatedDocument document, YamlNode value, string message, string? patch = null) =>
        context.ReportMissing(rule, document, value.KeyNode ?? value, value.Path, message, patch);

    /// <summary>Both the legacy <c>machine.systemDiskEncryption</c> volumes of a main document, by volume name.</summary>
    public static IEnumerable<(string Volume, YamlNode Encryption)> LegacyEncryption(LocatedDocument document)
    {
        foreach (var (key, volume) in new[] { ("state", "STATE"), ("ephemeral", "EPHEMERAL") })
        {
            if (document.At("machine", "systemDiskEncryption", key) is { IsMapping: true } node)
            {
                yield return (volume, node);
            }
        }
    }

    /// <summary>Kinds whose <c>encryption</c> block is an EncryptionSpec.</summary>
    public static readonly string[] VolumeKinds = ["VolumeConfig", "UserVolumeConfig", "RawVolumeConfig", "SwapVolumeConfig"];
}
