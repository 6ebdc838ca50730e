using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-005: a client certificate its cluster will not accept, or one from another PKI.</summary>
public sealed class ClientCertificateIssuerRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-005", Severity.High, Section.Certificates,
        "Client certificate not signed by its CA",
        "A talosconfig or kubeconfig whose client certificate was not issued by the CA shipped with it (nor by the cluster CA among the inputs) is stale after a CA rotation, or belongs to another cluster; it either fails or points credentials at the wrong cluster.",
        "Regenerate the file from the cluster's current CA: talosctl config new (talosconfig) or talosctl kubeconfig (kubeconfig).",
        inputs: RuleInputs.Credentials,
        controls: RuleControls.Of("", "3.7.7 4.2.1", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var inventory = context.Shared(model => new CertificateInventory(model));
        foreach (var client in inventory.Clients)
        {
            var candidates = client.ShippedCas.Concat(client.IsTalos ? inventory.TalosCas : inventory.KubernetesCas).ToList();
            if (candidates.Count == 0 || candidates.Any(ca => CertificateInventory.IsSignedBy(client.Certificate, ca, context.Options.Now)))
            {
                continue;
            }

            var kind = client.IsTalos ? "talosconfig" : "kubeconfig";
            context.Report(Definition, client.Document, client.Context,
                $"{kind} context {client.Name}: client certificate {client.Certificate.Subject} (issuer {client.Certificate.Issuer}) is not signed by the shipped CA or a cluster CA among the inputs");
        }
    }
}
