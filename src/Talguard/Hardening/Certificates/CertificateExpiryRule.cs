using System.Globalization;
using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-002: a certificate that has expired or is about to.</summary>
public sealed class CertificateExpiryRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-002", Severity.High, Section.Certificates,
        "Certificate expired or expiring soon",
        "An expired CA stops the cluster from issuing or accepting certificates; an expired client certificate locks its holder out. Talos renews its own leaf certificates, but CAs (10 years) and talosconfig/kubeconfig client certificates (1 year) are the operator's job.",
        "Rotate the CA with talosctl rotate-ca, or issue a new client certificate (talosctl config new, talosctl kubeconfig) before it expires.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch | RuleInputs.Credentials,
        controls: RuleControls.Of("", "4.2.1", "CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var inventory = context.Shared(model => new CertificateInventory(model));
        var now = context.Options.Now;
        var horizon = now.AddDays(context.Options.ExpiryWarningDays);
        foreach (var found in inventory.JudgedBy(context))
        {
            var notAfter = new DateTimeOffset(found.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter > horizon)
            {
                continue;
            }

            var date = notAfter.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var message = notAfter <= now
                ? $"certificate {found.Certificate.Subject} expired on {date}"
                : $"certificate {found.Certificate.Subject} expires on {date}, within {context.Options.ExpiryWarningDays} days";
            CertificateInventory.Report(context, Definition, found.Place, found.Document, found.Node, message);
        }
    }
}
