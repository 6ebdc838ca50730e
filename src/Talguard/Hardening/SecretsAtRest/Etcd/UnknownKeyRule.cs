using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>TG-SEC-105: a value is encrypted with a provider and key name the configuration does not list.</summary>
public sealed class UnknownKeyRule : SnapshotRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-105", Severity.High, Section.SecretsAtRest,
        "Value encrypted with a key that is not in the configuration",
        "The apiserver can only read values whose provider and key name are listed; this object is unreadable with the given configuration.",
        "Add the missing key (by its name) back to the EncryptionConfiguration as a read key, rewrite the objects, then remove it.",
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.28", "3.7.3", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(SnapshotFacts facts) =>
        facts.Current.Where(o => o.Keys is { Listed: false }).Select(o => new Finding(
            Definition, Definition.Severity, $"{o.Key} (revision {o.Revision}) is encrypted with {o.Label}, which {o.Keys!.Source} does not list", o.Location, o.Reference));
}
