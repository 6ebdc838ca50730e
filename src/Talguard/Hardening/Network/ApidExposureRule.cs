using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>TG-NET-004: apid open to the whole internet although a management network is declared.</summary>
public sealed class ApidExposureRule : ExposedPortRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-NET-004", Severity.Medium, Section.Network,
        "apid open to any address despite a management network",
        "apid (50000) is the Talos API: with a management network declared (--management-cidr), there is no reason to "
        + "expose it to 0.0.0.0/0 or ::/0.",
        "Allow 50000 from the management network (and the control-plane nodes, which proxy to workers) only.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "1.2.5 1.3.1", "CC6.6"));

    public override RuleDescriptor Descriptor => Definition;

    protected override int[] Ports => [50000];

    protected override string? Judge(IngressEntry entry, ScanContext context) =>
        entry.IsAnywhere && context.Options.ManagementNetworks.Count > 0
            ? Describe(entry) + " to apid (50000) although the management network is "
              + string.Join(", ", context.Options.ManagementNetworks.Select(Cidr.Format)) + "; allow only that"
            : null;
}
