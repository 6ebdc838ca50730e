using Talguard.Findings;
using Talguard.Hardening.Certificates;
using static Talguard.Tests.Hardening.Certificates.TestPki;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.Certificates;

/// <summary>The CERT rules judge bare strategic-merge patches and the v1.14 CA documents as they judge a full config.</summary>
public class CertificatePatchTests
{
    private const string Key = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCnRocm93YXdheQ==";

    [Fact]
    public void Cert001_fires_on_a_ca_key_in_a_patch_and_its_patch_deletes_it()
    {
        var patch = $"machine:\n  ca:\n    crt: Y3J0\n    key: {Key}\n";
        var finding = FindingAssert.Single(Check(new WorkerCaKeyRule(), ("patch.yaml", patch)), "machine.ca.key", 4, Severity.Critical);
        Assert.DoesNotContain(Key, finding.Message, StringComparison.Ordinal);
        FindingAssert.PatchFixes(new WorkerCaKeyRule(), finding, patch);
    }

    [Fact]
    public void Cert001_leaves_a_patch_that_declares_a_controlplane_alone()
    {
        Assert.Empty(Check(new WorkerCaKeyRule(), ("patch.yaml", $"machine:\n  type: controlplane\n  ca:\n    key: {Key}\n")));
    }

    [Fact]
    public void Cert001_fires_on_the_keys_of_the_v1_14_documents_in_a_worker_config()
    {
        const string Worker = """
            version: v1alpha1
            machine:
              type: worker
            ---
            apiVersion: v1alpha1
            kind: KubeAPIServerCAConfig
            issuingCA:
              cert: pem
              key: pem-key
            ---
            apiVersion: v1alpha1
            kind: KubeServiceAccountConfig
            issuer:
              privateKey: pem-key
            """;
        var findings = Check(new WorkerCaKeyRule(), ("worker.yaml", Worker));
        Assert.Equal([("issuingCA.key", 1), ("issuer.privateKey", 2)], findings.Select(f => (f.Location.Path, f.Location.Document)));
        Assert.Equal("apiVersion: v1alpha1\nkind: KubeAPIServerCAConfig\nissuingCA:\n  key:\n    $patch: delete\n", findings[0].Patch);
    }

    [Fact]
    public void Cert002_fires_on_a_certificate_in_a_patch_and_on_the_pem_of_a_v1_14_document()
    {
        using var ca = Ca("O=kubernetes", TestPki.Now.AddDays(-1));
        var options = new ScanOptions { Now = TestPki.Now };
        var patch = Check(new CertificateExpiryRule(), options, ("patch.yaml", $"cluster:\n  ca:\n    crt: {Base64Pem(ca)}\n"));
        Assert.Equal(["cluster.ca.crt"], patch.Select(f => f.Location.Path));

        var pem = string.Concat(ca.ExportCertificatePem().Split('\n').Select(line => "    " + line + "\n"));
        var split = Check(new CertificateExpiryRule(), options, ("ca.yaml", $"apiVersion: v1alpha1\nkind: KubeAggregatorCAConfig\nacceptedCAs:\n  - |\n{pem}"));
        Assert.Equal(["acceptedCAs[0]"], split.Select(f => f.Location.Path));
    }
}
