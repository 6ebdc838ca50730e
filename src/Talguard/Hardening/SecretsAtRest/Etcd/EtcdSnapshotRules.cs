using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>The TG-SEC-1xx rules that <c>talguard etcd check</c> reports against a snapshot.</summary>
public static class EtcdSnapshotRules
{
    public const string RewriteCommand = "kubectl get secrets --all-namespaces -o json | kubectl replace -f -";

    public static readonly RuleDescriptor PlaintextValue = RuleDescriptor.Create(
        "TG-SEC-101", Severity.Critical, Section.SecretsAtRest,
        "Secret stored unencrypted in etcd",
        "The current revision of this object is stored in plaintext (identity provider): anyone holding an etcd snapshot or disk can read it.",
        "Set cluster.secretboxEncryptionSecret (Talos does by default) so the apiserver writes with secretbox, then rewrite every Secret: " + RewriteCommand,
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.27 1.2.28", "3.5.1 8.3.2", "CC6.1 CC6.7"));

    public static readonly RuleDescriptor RewriteAfterRotation = RuleDescriptor.Create(
        "TG-SEC-102", Severity.Medium, Section.SecretsAtRest,
        "Secret still encrypted with a key other than the write key (rewrite needed after rotation)",
        "After a key rotation only objects written since use the new key; the old key must stay configured until every object is rewritten.",
        "Rewrite every Secret so it is stored with the current write key, then remove the old key: " + RewriteCommand,
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.28", "3.7.4 3.7.5", "CC6.1"));

    public static readonly RuleDescriptor PlaintextHistory = RuleDescriptor.Create(
        "TG-SEC-103", Severity.High, Section.SecretsAtRest,
        "Old plaintext revisions of a Secret are still stored in etcd",
        "etcd keeps every revision until it is compacted: a Secret that was written in plaintext before encryption (or before deletion) stays readable in snapshots.",
        "Let the apiserver compact (every 5 minutes by default) or run `etcdctl compact <current revision>`, then `talosctl -n <control plane> etcd defrag` on each member, take a new snapshot and destroy old ones.",
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.28", "3.5.1", "CC6.1 C1.2"));

    public static readonly RuleDescriptor IntegrityFailure = RuleDescriptor.Create(
        "TG-SEC-104", Severity.High, Section.SecretsAtRest,
        "Encrypted value does not decrypt with the configured key",
        "A value whose padding or authentication tag does not verify with the key of its name cannot be read by the apiserver: it is corrupt, or the key with that name was replaced.",
        "Find the key that wrote it (an older EncryptionConfiguration or Talos secrets bundle) and restore it under that name, or delete and recreate the object.",
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.28", "3.7.3", "CC6.1"));

    public static readonly RuleDescriptor UnknownKey = RuleDescriptor.Create(
        "TG-SEC-105", Severity.High, Section.SecretsAtRest,
        "Value encrypted with a key that is not in the configuration",
        "The apiserver can only read values whose provider and key name are listed; this object is unreadable with the given configuration.",
        "Add the missing key (by its name) back to the EncryptionConfiguration as a read key, rewrite the objects, then remove it.",
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.28", "3.7.3", "CC6.1"));

    public static IReadOnlyList<RuleDescriptor> All { get; } = [PlaintextValue, RewriteAfterRotation, PlaintextHistory, IntegrityFailure, UnknownKey];
}
