using System.Text;
using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>
/// The Markdown of docs/rules.md, generated from the rule catalog so the reference can never drift from
/// the code (a test compares the checked-in file with this output).
/// </summary>
public static class RulesReferenceGenerator
{
    public const string RegenerateCommand = "dotnet run --project src/Talguard.Cli -- rules --format markdown -o docs/rules.md";

    /// <summary>docs/rules.md: per guide section, per rule an anchor <c>tg-xxx-nnn</c> and its full description.</summary>
    public static string Markdown(IReadOnlyList<RuleDescriptor> rules)
    {
        var md = new StringBuilder()
            .Append("# Rules reference\n\n")
            .Append("Every rule Talguard reports, by section of the hardening guide. Rule IDs are stable: CI pipelines and\n")
            .Append("exception files (`.talguard.yaml`) name them. This page is generated from the rule catalog; regenerate it with\n\n")
            .Append("```sh\n").Append(RegenerateCommand).Append("\n```\n\n")
            .Append("Framework controls: `cis-1.10` = CIS Kubernetes Benchmark 1.10 check, `pci-dss-4.0` = PCI DSS 4.0\n")
            .Append("requirement, `soc2` = SOC 2 Trust Services Criteria (2017). The mapping says which control a finding is\n")
            .Append("evidence for; it is not a certification.\n");
        foreach (var section in Section.All)
        {
            var inSection = rules.Where(r => r.Section == section).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
            if (inSection.Count == 0)
            {
                continue;
            }

            md.Append("\n## ").Append(section.Title).Append(" (`TG-").Append(section.IdPrefix).Append("-*`)\n\n")
                .Append("| ID | Severity | Title |\n|---|---|---|\n");
            foreach (var rule in inSection)
            {
                md.Append("| [").Append(rule.Id).Append("](#").Append(rule.Anchor).Append(") | ")
                    .Append(string.Join(" / ", rule.OtherSeverities.Select(c => c.Severity.ToName()).Prepend(rule.Severity.ToName())))
                    .Append(" | ").Append(Cell(rule.Title)).Append(" |\n");
            }

            foreach (var rule in inSection)
            {
                AppendRule(md, rule);
            }
        }

        return md.ToString();
    }

    private static void AppendRule(StringBuilder md, RuleDescriptor rule)
    {
        md.Append("\n<a id=\"").Append(rule.Anchor).Append("\"></a>\n")
            .Append("### ").Append(rule.Id).Append(": ").Append(rule.Title).Append("\n\n")
            .Append("**Severity:** ").Append(rule.Severity.ToName())
            .Append(string.Concat(rule.OtherSeverities.Select(c => $"; {c.Severity.ToName()} {c.When}")))
            .Append(" · **Section:** `").Append(rule.Section.Id).Append("`\n\n")
            .Append(rule.Rationale).Append("\n\n")
            .Append("**Remediation:** ").Append(rule.Remediation).Append('\n');
        var controls = rule.Controls;
        if (controls.Tags().Any())
        {
            md.Append("\n**Controls:** ")
                .Append(string.Join(" · ", new[]
                {
                    (RuleControls.CisKey, controls.Cis),
                    (RuleControls.PciDssKey, controls.PciDss),
                    (RuleControls.Soc2Key, controls.Soc2),
                }.Where(f => f.Item2.Count > 0).Select(f => $"{f.Item1} {string.Join(", ", f.Item2)}")))
                .Append('\n');
        }
        else if (controls.NoneReason is { } reason)
        {
            md.Append("\n**Controls:** none. ").Append(reason).Append('\n');
        }

        md.Append("\n**Reads:** ").Append(InputNames(rule.Inputs));
        if (rule.Versions != TalosVersionRange.All)
        {
            md.Append(" · **Talos:** ").Append(rule.Versions);
        }

        md.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>The inputs a rule reads, in words (<c>control-plane and worker configs, Talos patches</c>).</summary>
    public static string InputNames(RuleInputs inputs)
    {
        var names = new List<string>();
        if (inputs.HasFlag(RuleInputs.NodeConfig))
        {
            names.Add("control-plane and worker configs");
        }
        else if (inputs.HasFlag(RuleInputs.ControlPlaneConfig))
        {
            names.Add("control-plane configs");
        }
        else if (inputs.HasFlag(RuleInputs.WorkerConfig))
        {
            names.Add("worker configs");
        }

        names.AddRange(new (RuleInputs Input, string Name)[]
        {
            (RuleInputs.TalosPatch, "Talos patches"),
            (RuleInputs.KubernetesManifest, "Kubernetes manifests"),
            (RuleInputs.Credentials, "talosconfig, kubeconfig and secrets bundles"),
            (RuleInputs.EtcdSnapshot, "etcd snapshots"),
            (RuleInputs.EfiFile, "Secure Boot files"),
            (RuleInputs.NodeEvidence, "node evidence"),
        }.Where(i => inputs.HasFlag(i.Input)).Select(i => i.Name));
        return names.Count == 0 ? "nothing" : string.Join(", ", names);
    }
}
