using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>TG-SEC-101: the current revision of an object is stored unencrypted.</summary>
public sealed class PlaintextValueRule : SnapshotRule
{
    private static readonly SeverityCase OtherResource = new(Severity.Medium, "for a resource other than secrets (chosen with --resource)");

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-101", Severity.Critical, Section.SecretsAtRest,
        "Secret stored unencrypted in etcd",
        "The current revision of this object is stored in plaintext (identity provider): anyone holding an etcd snapshot or disk can read it.",
        "Set cluster.secretboxEncryptionSecret (Talos does by default) so the apiserver writes with secretbox, then rewrite every Secret: " + EtcdSnapshotRules.RewriteCommand,
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.27 1.2.28", "3.5.1 8.3.2", "CC6.1 CC6.7"),
        otherSeverities: [OtherResource]);

    public override RuleDescriptor Descriptor => Definition;

    /// <summary>A plaintext Secret is critical; other resources chosen with --resource are medium.</summary>
    public override IEnumerable<Finding> Check(SnapshotFacts facts) =>
        facts.Current.Where(o => o.Provider == StorageProvider.Identity).Select(o => new Finding(
            Definition, o.Resource == "secrets" ? Definition.Severity : OtherResource.Severity, $"{o.Key} is stored unencrypted at revision {o.Revision}", o.Location, o.Reference));
}
