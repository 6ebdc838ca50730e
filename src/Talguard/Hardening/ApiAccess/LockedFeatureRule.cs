using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ApiAccess;

/// <summary>
/// A <c>machine.features</c> switch that turns off a Talos API protection before v1.12 (from v1.12 the
/// switch is ignored and locked on, so the rules' <see cref="RuleDescriptor.Versions"/> end at v1.11).
/// </summary>
public abstract class LockedFeatureRule : Rule
{
    /// <summary>The releases that honour the switch.</summary>
    protected static readonly TalosVersionRange HonouredIn = new(new TalosVersion(1, 0), new TalosVersion(1, 11));

    /// <summary>The switch this rule judges, when the file sets it.</summary>
    protected abstract FeatureSwitch? Switch(TalosApiAccess access);

    protected abstract string Consequence { get; }

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            if (Switch(TalosApiAccess.Of(file)) is { Value: false } feature)
            {
                context.Report(Descriptor, feature.Document, feature.Node,
                    $"machine.features.{feature.Name} is false with target Talos {file.TalosVersion}: {Consequence}",
                    TalosPatch.Set(feature.Document, feature.Node, "true"));
            }
        }
    }
}

/// <summary>TG-ACC-001: Talos API role checks switched off.</summary>
public sealed class TalosApiRbacRule : LockedFeatureRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-001", Severity.High, Section.ApiAccess,
        "Talos API RBAC disabled",
        "Without machine.features.rbac every client certificate the Talos CA signed is treated as os:admin, so an os:reader talosconfig can read secrets, reset or wipe nodes. Before v1.12 the switch is honoured; from v1.12 it is locked on.",
        "Set machine.features.rbac: true (talosctl gen config writes it).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "7.2.2 7.3.1", "CC6.1 CC6.3"),
        versions: HonouredIn);

    public override RuleDescriptor Descriptor => Definition;

    protected override FeatureSwitch? Switch(TalosApiAccess access) => access.Rbac;

    protected override string Consequence => "every Talos client certificate acts as os:admin";
}

/// <summary>TG-ACC-002: apid accepts client certificates without the client-auth extended key usage.</summary>
public sealed class ApidExtKeyUsageRule : LockedFeatureRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-002", Severity.Medium, Section.ApiAccess,
        "apid does not check the client certificate's extended key usage",
        "machine.features.apidCheckExtKeyUsage makes apid refuse certificates that are not issued for client authentication (for example server certificates signed by the same CA). Before v1.12 the switch is honoured; from v1.12 it is locked on.",
        "Set machine.features.apidCheckExtKeyUsage: true.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "8.3.1", "CC6.1"),
        versions: HonouredIn);

    public override RuleDescriptor Descriptor => Definition;

    protected override FeatureSwitch? Switch(TalosApiAccess access) => access.ApidCheckExtKeyUsage;

    protected override string Consequence => "apid accepts certificates not issued for client authentication";
}
