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
        "Generate worker configs with talosctl gen config (which leaves the keys empty) or delete the key as the patch shows, then rotate the exposed CA (talosctl rotate-ca).",
        inputs: RuleInputs.WorkerConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "3.6.1.3 3.6.1.4", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            var authorities = CertificateAuthorities.Of(file);
            if (file.Role == NodeRole.Patch && authorities.DeclaresControlPlane)
            {
                continue;
            }

            foreach (var key in authorities.PrivateKeys.Where(k => !string.IsNullOrWhiteSpace(k.Text)))
            {
                // The message names the place only: the key material never leaves the file. The fix deletes the key, as
                // Talos's merge leaves a value alone when a patch sets it to the empty string.
                var message = file.Role == NodeRole.Worker
                    ? $"worker config carries the private key {key.Name} (value redacted)"
                    : $"patch carries the private key {key.Name} (value redacted): applied to a worker, it puts the CA key on the node";
                context.Report(Definition, key.Document, key.Node, message, TalosPatch.Delete(key.Document, key.Node));
            }
        }
    }
}
