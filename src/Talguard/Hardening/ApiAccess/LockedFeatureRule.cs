using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.ApiAccess;

/// <summary>
/// A <c>machine.features</c> switch that turns off a Talos API protection before v1.12 (from v1.12 the
/// switch is ignored and locked on).
/// </summary>
public abstract class LockedFeatureRule : Rule
{
    private static readonly TalosVersion LockedFrom = new(1, 12);

    protected abstract string Feature { get; }

    protected abstract string Consequence { get; }

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.TalosFiles)
        {
            if (file.TalosVersion < LockedFrom && file.MachineConfig is { } document &&
                document.At("machine", "features", Feature) is { } field && field.AsBool() == false)
            {
                context.Report(Descriptor, document, field,
                    $"machine.features.{Feature} is false with target Talos {file.TalosVersion}: {Consequence}",
                    TalosPatch.Set(document, field, "true"));
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
        "Set machine.features.rbac: true (talosctl gen config writes it).");

    public override RuleDescriptor Descriptor => Definition;

    protected override string Feature => "rbac";

    protected override string Consequence => "every Talos client certificate acts as os:admin";
}

/// <summary>TG-ACC-002: apid accepts client certificates without the client-auth extended key usage.</summary>
public sealed class ApidExtKeyUsageRule : LockedFeatureRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-002", Severity.Medium, Section.ApiAccess,
        "apid does not check the client certificate's extended key usage",
        "machine.features.apidCheckExtKeyUsage makes apid refuse certificates that are not issued for client authentication (for example server certificates signed by the same CA). Before v1.12 the switch is honoured; from v1.12 it is locked on.",
        "Set machine.features.apidCheckExtKeyUsage: true.");

    public override RuleDescriptor Descriptor => Definition;

    protected override string Feature => "apidCheckExtKeyUsage";

    protected override string Consequence => "apid accepts certificates not issued for client authentication";
}
