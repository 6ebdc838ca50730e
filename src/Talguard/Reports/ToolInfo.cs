using System.Reflection;
using Talguard.Findings;

namespace Talguard.Reports;

public static class ToolInfo
{
    public const string Name = "talguard";

    /// <summary>The project home; SARIF consumers link the tool and each rule's help page from it.</summary>
    public const string InformationUri = "https://github.com/talguard/talguard";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Absolute link to the rule's entry in docs/rules.md (SARIF requires an absolute helpUri).</summary>
    public static string HelpUri(RuleDescriptor rule) => $"{InformationUri}/blob/main/{rule.HelpUri}";
}
