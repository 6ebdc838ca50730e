using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-008 (an extension of spec/rules.md, see docs/certificates.md): a certificate whose issuer is not among the inputs.</summary>
public sealed class UnknownIssuerRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-008", Severity.Info, Section.Certificates,
        "Issuer not among the inputs",
        "A certificate's chain can only be checked against a CA that is among the inputs. Without it, a certificate from another cluster or a stale PKI looks as good as a current one.",
        "Add the issuing CA (the secrets bundle, the machine config or the CA file) to the inputs so the chain is verified.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch | RuleInputs.Credentials,
        controls: RuleControls.None("Informational: says a chain could not be checked, which no control asks for by itself."));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var inventory = context.Shared(model => new CertificateInventory(model));
        var subjects = inventory.All.Select(f => Convert.ToHexString(f.Certificate.SubjectName.RawData)).ToHashSet(StringComparer.Ordinal);

        // TG-CERT-005 judges a client certificate shipped with a CA, or with a cluster CA of its kind among the inputs.
        var judgedByIssuerRule = inventory.Clients
            .Where(c => c.ShippedCas.Count > 0 || (c.IsTalos ? inventory.TalosCas : inventory.KubernetesCas).Count > 0)
            .Select(c => c.Certificate).ToHashSet();
        foreach (var found in inventory.JudgedBy(context))
        {
            var certificate = found.Certificate;
            if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)
                || subjects.Contains(Convert.ToHexString(certificate.IssuerName.RawData))
                || judgedByIssuerRule.Contains(certificate))
            {
                continue;
            }

            CertificateInventory.Report(context, Definition, found.Place, found.Document, found.Node,
                $"certificate {certificate.Subject}: its issuer {certificate.Issuer} is not among the inputs, so its chain cannot be checked");
        }
    }
}
