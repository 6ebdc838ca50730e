using System.CommandLine;
using System.Text;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary>
/// <c>talguard rules</c>: the whole catalog, not only what fired; <c>--format markdown</c> is docs/rules.md.
/// <c>talguard rules TG-XXX-NNN</c>: one rule in full.
/// </summary>
public static class RulesCommand
{
    public static readonly string[] Formats = ["table", "json", "sarif", "markdown"];

    public static Command Create()
    {
        var id = new Argument<string?>("RULE")
        {
            Description = "Show this rule in full (e.g. TG-DISK-001): rationale, remediation, example patch, controls, versions, inputs",
            Arity = ArgumentArity.ZeroOrOne,
        };
        id.CompletionSources.Add(_ => RuleCatalog.Descriptors.Select(d => new System.CommandLine.Completions.CompletionItem(d.Id)));
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: " + string.Join('|', Formats) + " (one RULE: table|json)",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o") { Description = "Write the list to FILE instead of standard output", HelpName = "FILE" };
        var command = new Command("rules", "List every rule Talguard knows, or show one in full") { id, format, output };
        command.SetAction(parse =>
        {
            if (parse.GetValue(id) is { } ruleId)
            {
                WriteOne(parse, ruleId, parse.GetValue(format)!, parse.GetValue(output));
                return ExitCodes.Success;
            }

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

    private static void WriteOne(ParseResult parse, string ruleId, string format, string? output)
    {
        if (RuleService.Describe(ruleId) is not { } details)
        {
            var suggestion = CommandLineUsage.Closest(ruleId, RuleCatalog.Descriptors.Select(d => d.Id));
            throw new UsageException(suggestion is null
                ? $"unknown rule {ruleId} (see talguard rules)"
                : $"unknown rule {ruleId}; did you mean {suggestion}?");
        }

        if (format is not ("table" or "json"))
        {
            throw new UsageException($"--format {format} lists the whole catalog; one rule is shown as table or json");
        }

        OutputTarget.Write(output, parse.InvocationConfiguration.Output, stream =>
        {
            if (format == "json")
            {
                RuleCatalogWriter.WriteJson([details.Descriptor], stream);
            }
            else
            {
                stream.Write(Encoding.UTF8.GetBytes(Details(details, Rendering.TerminalStyle.For(parse.InvocationConfiguration.Output, output).Width)));
            }
        });
    }

    /// <summary>
    /// One rule as a reader wants it: what, why, how to fix (with the patch the rule writes), and where it applies;
    /// prose wraps at spaces to <paramref name="width"/> columns, as the findings table does.
    /// </summary>
    internal static string Details(RuleDetails details, int width)
    {
        var rule = details.Descriptor;
        var text = new StringBuilder()
            .Append($"{rule.Id}: {rule.Title}\n")
            .Append($"Severity: {rule.Severity.ToName()}   Section: {rule.Section.Title} ({rule.Section.Id})\n");
        foreach (var other in rule.OtherSeverities)
        {
            AppendWrapped(text, $"  {other.Severity.ToName()} ", other.When, width);
        }

        text.Append('\n');
        AppendWrapped(text, "Why: ", rule.Rationale, width);
        text.Append('\n');
        AppendWrapped(text, "Fix: ", rule.Remediation, width);
        if (details.ExamplePatch is { } patch)
        {
            text.Append("\nExample patch (what the rule writes for a config without the setting):\n");
            foreach (var line in patch.TrimEnd('\n').Split('\n'))
            {
                text.Append("  ").Append(line).Append('\n');
            }
        }

        text.Append('\n');
        AppendWrapped(text, "Controls: ", Controls(rule.Controls), width);
        text
            .Append($"Talos versions: {(rule.Versions == TalosVersionRange.All ? "all" : rule.Versions.ToString())}\n")
            .Append($"Reads: {RulesReferenceGenerator.InputNames(rule.Inputs)}\n")
            .Append($"Reference: {rule.HelpUri}\n");
        return text.ToString();
    }

    private static void AppendWrapped(StringBuilder text, string label, string prose, int width)
    {
        foreach (var line in Rendering.TextLayout.Wrap(prose, width, label, new string(' ', label.Length)))
        {
            text.Append(line).Append('\n');
        }
    }

    private static string Controls(RuleControls controls)
    {
        var named = new[]
        {
            (RuleControls.CisKey, controls.Cis),
            (RuleControls.PciDssKey, controls.PciDss),
            (RuleControls.Soc2Key, controls.Soc2),
        }.Where(f => f.Item2.Count > 0).Select(f => $"{f.Item1} {string.Join(", ", f.Item2)}").ToList();
        return named.Count > 0 ? string.Join("; ", named) : controls.NoneReason is { } reason ? "none. " + reason : "none";
    }

    private static string Table(IReadOnlyList<RuleDescriptor> rules)
    {
        var text = new StringBuilder();
        foreach (var rule in rules)
        {
            text.Append($"{rule.Id,-13} {rule.Severity.ToName(),-8} {rule.Section.Id,-16} {rule.Title}\n");
        }

        return text.Append($"{rules.Count} rule(s); one in full: talguard rules TG-XXX-NNN; details: docs/rules.md or --format json\n").ToString();
    }
}
