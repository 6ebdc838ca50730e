using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>TG-SEC-103: older plaintext revisions are still stored.</summary>
public sealed class PlaintextHistoryRule : SnapshotRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-103", Severity.High, Section.SecretsAtRest,
        "Old plaintext revisions of a Secret are still stored in etcd",
        "etcd keeps every revision until it is compacted: a Secret that was written in plaintext before encryption (or before deletion) stays readable in snapshots.",
        "Let the apiserver compact (every 5 minutes by default) or run `etcdctl compact <current revision>`, then `talosctl -n <control plane> etcd defrag` on each member, take a new snapshot and destroy old ones.",
        RuleInputs.EtcdSnapshot,
        RuleControls.Of("1.2.28", "3.5.1", "CC6.1 C1.2"));

    public override RuleDescriptor Descriptor => Definition;

    public override IEnumerable<Finding> Check(SnapshotFacts facts) =>
        facts.History.Select(h => new Finding(
            Definition, Definition.Severity,
            $"{h.Key} has {h.Revisions.Count} older plaintext revision(s) still stored ({string.Join(", ", h.Revisions.Take(10))}{(h.Revisions.Count > 10 ? ", ..." : string.Empty)}); {h.Compaction}",
            h.Location, h.Reference));
}
