using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening.Config;

internal static class ConfigRuleHelpers
{
    /// <summary>Reports at a field: the key's position (where the entry starts), the value's path.</summary>
    public static void ReportField(this ScanContext context, RuleDescriptor rule, LocatedDocument document, YamlNode value, string message, TalosConfigPatch? patch = null) =>
        context.ReportMissing(rule, document, value.KeyNode ?? value, value.Path, message, patch);
}
