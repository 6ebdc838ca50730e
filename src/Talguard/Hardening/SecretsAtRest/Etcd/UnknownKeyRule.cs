using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>
/// TG-SEC-105: the apiserver cannot read a value: it is encrypted with a provider and key name the configuration does
/// not list, or it has no form any provider reads (neither a <c>k8s:enc:</c> prefix the apiserver knows nor a
/// plaintext envelope), with or without keys given.
/// </summary>
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
        facts.Current.Where(o => o.Keys is { Listed: false } || o.Provider == StorageProvider.Unknown).Select(o => new Finding(
            Definition, Definition.Severity, Message(o), o.Location, o.Reference));

    private static string Message(StoredObject value) => value.Provider == StorageProvider.Unknown
        ? $"{value.Key} (revision {value.Revision}) is stored in a form no apiserver provider reads (neither a known k8s:enc: prefix nor a " +
            "plaintext envelope): the apiserver cannot read it, and it may be plaintext written around the apiserver"
        : $"{value.Key} (revision {value.Revision}) is encrypted with {value.Label}, which {value.Keys!.Source} does not list";
}
