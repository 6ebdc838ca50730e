using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-009 (an extension of spec/rules.md, see docs/certificates.md): a private key that does not belong to the certificate next to it.</summary>
public sealed class MismatchedKeyRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-009", Severity.High, Section.Certificates,
        "Private key does not match its certificate",
        "A key pair whose private key is not the certificate's cannot complete a TLS handshake: the talosconfig, kubeconfig or CA fails when it is used, typically after a certificate was renewed and its key left behind (or the reverse).",
        "Put the certificate and the key it was issued for together: regenerate the talosconfig (talosctl config new) or kubeconfig (talosctl kubeconfig), or restore the CA pair from the secrets bundle.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch | RuleInputs.Credentials,
        controls: RuleControls.Of("", "4.2.1", "CC6.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var inventory = context.Shared(model => new CertificateInventory(model));
        var judged = inventory.JudgedBy(context).ToHashSet();
        foreach (var key in inventory.Keys)
        {
            if (key is { Owner: { } owner, PublicKey: { } publicKey } && judged.Contains(owner)
                && !PrivateKeyInfo.PublicKey(owner.Certificate).AsSpan().SequenceEqual(publicKey))
            {
                // The message names the place only: the key material never leaves the file.
                CertificateInventory.Report(context, Definition, key.Place, key.Document, key.Node,
                    $"{key.Where} does not match the certificate {owner.Certificate.Subject} at {owner.Where} (value redacted)");
            }
        }
    }
}
