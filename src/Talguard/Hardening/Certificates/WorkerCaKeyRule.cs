using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-001: a worker's config carries a CA private key it never needs.</summary>
public sealed class WorkerCaKeyRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-001", Severity.Critical, Section.Certificates,
        "CA private key in a worker config",
        "Workers only need the CA certificates. A CA private key on a worker lets anyone who reads its config (or compromises the node) mint Talos API or Kubernetes credentials, including os:admin and system:masters; Talos rejects a CA key on a worker config.",
        "Generate worker configs with talosctl gen config (which leaves the keys empty) or blank the key as the patch shows, then rotate the exposed CA (talosctl rotate-ca).");

    /// <summary>The CA and signing keys only control-plane nodes may hold.</summary>
    private static readonly string[][] KeyPaths =
    [
        ["machine", "ca", "key"],
        ["cluster", "ca", "key"],
        ["cluster", "aggregatorCA", "key"],
        ["cluster", "etcd", "ca", "key"],
        ["cluster", "serviceAccount", "key"],
    ];

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.NodeConfigs.Where(f => f.Role == NodeRole.Worker))
        {
            var document = file.MachineConfig!;
            foreach (var path in KeyPaths)
            {
                if (document.At(path) is { } key && !string.IsNullOrWhiteSpace(key.AsString()))
                {
                    // The message names the place only: the key material never leaves the file.
                    context.Report(Definition, document, key, $"worker config carries the private key {string.Join('.', path)} (value redacted)",
                        TalosPatch.Delete(document, key));
                }
            }
        }
    }
}
