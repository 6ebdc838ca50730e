using Talguard.Findings;

namespace Talguard.Hardening.SecretsAtRest.Etcd;

/// <summary>The TG-SEC-1xx rules that <c>talguard etcd check</c> runs over the facts of a snapshot.</summary>
public static class EtcdSnapshotRules
{
    public const string RewriteCommand = "kubectl get secrets --all-namespaces -o json | kubectl replace -f -";

    public static IReadOnlyList<SnapshotRule> Rules { get; } =
    [
        new PlaintextValueRule(), new RewriteAfterRotationRule(), new PlaintextHistoryRule(), new IntegrityFailureRule(), new UnknownKeyRule(),
    ];

    public static IReadOnlyList<RuleDescriptor> All { get; } = [.. Rules.Select(r => r.Descriptor)];

    /// <summary>Every rule's findings over <paramref name="facts"/>.</summary>
    public static List<Finding> Judge(SnapshotFacts facts) => [.. Rules.SelectMany(r => r.Check(facts))];
}
