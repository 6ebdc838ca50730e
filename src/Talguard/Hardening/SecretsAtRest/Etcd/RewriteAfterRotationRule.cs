using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>TG-SEC-102: a value is encrypted with a configured key that is not the write key.</summary>
public sealed class RewriteAfterRotationRule : SnapshotRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-102", Severity.Medium, Section.SecretsAtRest,
        "Secret still encrypted with a key other than the write key (rewrite needed after rotation)",
        "After a key rotation only objects written since use the new key; the old key must stay configured until every object is rewritten.",
        "Rewrite every Secret so it is stored with the current write key, then remove the old key: " + EtcdSnapshotRules.RewriteCommand,
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.28", "3.7.4 3.7.5", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(SnapshotFacts facts) =>
        facts.Current.Where(o => o.Keys is { Listed: true, IsWriteKey: false }).Select(o => new Finding(
            Definition, Definition.Severity,
            $"{o.Key} (revision {o.Revision}) is encrypted with {o.Label} but {o.Keys!.WriteKey} writes; rewrite it: {EtcdSnapshotRules.RewriteCommand}",
            o.Location, o.Reference));
}
