using System.Reflection;

namespace Talguard.Reports;

public static class ToolInfo
{
    public const string Name = "talguard";

    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
