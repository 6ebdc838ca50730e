using System.CommandLine;
using System.Text;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard rules</c>: the whole catalog, not only what fired; <c>--format markdown</c> is docs/rules.md.</summary>
public static class RulesCommand
{
    public static readonly string[] Formats = ["table", "json", "sarif", "markdown"];

    public static Command Create()
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: " + string.Join('|', Formats),
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the list to FILE instead of standard output", HelpName = "FILE" };
        var command = new Command("rules", "List every rule Talguard knows") { format, output };
        command.SetAction(parse =>
        {
            var rules = RuleCatalog.Descriptors;
            OutputTarget.Write(parse.GetValue(output), parse.InvocationConfiguration.Output, stream =>
            {
                switch (parse.GetValue(format))
                {
                    case "json":
                        RuleCatalogWriter.WriteJson(rules, stream);
                        break;
                    case "sarif":
                        var empty = new ScanResult([], TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes);
                        new SarifReportWriter { Rules = rules }.Write(empty, stream);
                        break;
                    case "markdown":
                        stream.Write(Encoding.UTF8.GetBytes(RulesReferenceGenerator.Markdown(rules)));
                        break;
                    default:
                        stream.Write(Encoding.UTF8.GetBytes(Table(rules)));
                        break;
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Table(IReadOnlyList<RuleDescriptor> rules)
    {
        var text = new StringBuilder();
        foreach (var rule in rules)
        {
            text.Append($"{rule.Id,-13} {rule.Severity.ToName(),-8} {rule.Section.Id,-16} {rule.Title}\n");
        }

        return text.Append($"{rules.Count} rule(s); details: docs/rules.md or --format json\n").ToString();
    }
}
