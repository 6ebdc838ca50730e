using System.Security.Cryptography.X509Certificates;
using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-006 (an extension of spec/rules.md, see docs/certificates.md): a client certificate whose EKUs exclude client authentication.</summary>
public sealed class ClientAuthUsageRule : Rule
{
    internal const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-006", Severity.Medium, Section.Certificates,
        "Client certificate without the clientAuth usage",
        "apid (its extended key usage check is locked on since Talos v1.12) and the Kubernetes API server refuse a client certificate whose extended key usages leave out clientAuth: the talosconfig or kubeconfig does not work, or a server certificate is being passed around as a client credential.",
        "Issue a proper client certificate: talosctl config new (talosconfig) or talosctl kubeconfig (kubeconfig).",
        inputs: RuleInputs.Credentials,
        controls: RuleControls.Of("", "4.2.1", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var inventory = context.Shared(model => new CertificateInventory(model));
        foreach (var client in inventory.Clients)
        {
            if (UsageOids(client.Certificate) is { } usages && !usages.Contains(ClientAuthOid) && !usages.Contains(AnyExtendedKeyUsageOid))
            {
                var kind = client.IsTalos ? "talosconfig" : "kubeconfig";
                context.Report(Definition, client.Document, client.Found?.Node ?? client.Context,
                    $"{kind} context {client.Name}: client certificate {client.Certificate.Subject} has extended key usages without clientAuth");
            }
        }
    }

    /// <summary>The extended key usage OIDs, or null when the certificate has no such extension (then any usage is allowed).</summary>
    internal static HashSet<string>? UsageOids(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } extension
            ? [.. extension.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value ?? string.Empty)]
            : null;
}
