using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>TG-SEC-104: a value does not decrypt with the configured key of its name.</summary>
public sealed class IntegrityFailureRule : SnapshotRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-104", Severity.High, Section.SecretsAtRest,
        "Encrypted value does not decrypt with the configured key",
        "A value whose padding or authentication tag does not verify with the key of its name cannot be read by the apiserver: it is corrupt, or the key with that name was replaced.",
        "Find the key that wrote it (an older EncryptionConfiguration or Talos secrets bundle) and restore it under that name, or delete and recreate the object.",
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.28", "3.7.3", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(SnapshotFacts facts) =>
        facts.Current.Where(o => o.Keys is { Listed: true, Intact: false }).Select(o => new Finding(
            Definition, Definition.Severity, $"{o.Key} (revision {o.Revision}) does not decrypt with {o.Label} from {o.Keys!.Source}", o.Location, o.Reference));
}
