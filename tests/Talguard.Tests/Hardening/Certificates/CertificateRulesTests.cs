using System.Security.Cryptography;
using Talguard.Findings;
using Talguard.Hardening.Certificates;
using static Talguard.Tests.Hardening.Certificates.TestPki;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.Certificates;

public class CertificateRulesTests
{
    private static readonly ScanOptions Options = new() { Now = TestPki.Now };

    [Theory]
    [InlineData(-3)]
    [InlineData(10)]
    public void Expired_or_soon_expiring_certificates_are_high_at_the_cert(int daysLeft)
    {
        using var ca = Ca("O=talos", TestPki.Now.AddDays(daysLeft));
        var finding = Assert.Single(Check(new CertificateExpiryRule(), Options, MachineCa(ca)));

        Assert.Equal("TG-CERT-002", finding.RuleId);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("machine.ca.crt", finding.Location.Path);
        Assert.Equal(5, finding.Location.Line);
        Assert.Contains(daysLeft < 0 ? "expired on" : "within 30 days", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificates_beyond_the_warning_window_do_not_fire()
    {
        using var ca = Ca("O=talos", TestPki.Now.AddDays(10));
        Assert.Empty(Check(new CertificateExpiryRule(), Options with { ExpiryWarningDays = 5 }, MachineCa(ca)));
        using var longLived = Ca("O=talos", TestPki.Now.AddYears(9));
        Assert.Empty(Check(new CertificateExpiryRule(), Options, MachineCa(longLived)));
    }

    [Fact]
    public void Short_rsa_keys_and_sha1_signatures_are_medium()
    {
        using var shortKey = Rsa(1024, HashAlgorithmName.SHA256);
        using var sha1 = Rsa(2048, HashAlgorithmName.SHA1);
        using var good = Rsa(2048, HashAlgorithmName.SHA256);
        var bundle = ("secrets.yaml", $"cluster:\n  id: x\nsecrets:\n  bootstraptoken: redacted\ncerts:\n  k8s:\n    crt: {Base64Pem(shortKey)}\n  os:\n    crt: {Base64Pem(sha1)}\n  etcd:\n    crt: {Base64Pem(good)}\n");

        var findings = Check(new WeakCertificateRule(), Options, bundle);

        Assert.Equal(["certs.k8s.crt", "certs.os.crt"], findings.Select(f => f.Location.Path));
        Assert.Contains("1024-bit RSA", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("sha1WithRSAEncryption", findings[1].Message, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.Equal(Severity.Medium, f.Severity));
    }

    [Fact]
    public void Long_lived_admin_talosconfig_fires_at_the_context()
    {
        using var ca = Ca("O=talos", TestPki.Now.AddYears(9));
        using var client = Client(ca, "O=os:admin", TestPki.Now.AddDays(-1), TestPki.Now.AddYears(2));

        var finding = Assert.Single(Check(new AdminCertificateLifetimeRule(), Options, Talosconfig(ca, client)));

        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal("contexts.admin", finding.Location.Path);
        Assert.Equal(4, finding.Location.Line);
    }

    [Fact]
    public void One_year_admin_and_long_lived_reader_talosconfigs_do_not_fire_unless_the_limit_is_lowered()
    {
        using var ca = Ca("O=talos", TestPki.Now.AddYears(9));
        using var admin = Client(ca, "O=os:admin", TestPki.Now, TestPki.Now.AddHours(8760.5));
        using var reader = Client(ca, "O=os:reader", TestPki.Now, TestPki.Now.AddYears(3));

        Assert.Empty(Check(new AdminCertificateLifetimeRule(), Options, Talosconfig(ca, admin)));
        Assert.Empty(Check(new AdminCertificateLifetimeRule(), Options, Talosconfig(ca, reader)));
        Assert.Single(Check(new AdminCertificateLifetimeRule(), Options with { MaxAdminTtl = TimeSpan.FromHours(24) }, Talosconfig(ca, admin)));
    }

    [Fact]
    public void Talosconfig_client_from_another_ca_is_high_unless_the_cluster_ca_signed_it()
    {
        using var shipped = Ca("O=talos", TestPki.Now.AddYears(9));
        using var other = Ca("O=talos", TestPki.Now.AddYears(9));
        using var good = Client(shipped, "O=os:admin", TestPki.Now, TestPki.Now.AddYears(1));
        using var foreign = Client(other, "O=os:admin", TestPki.Now, TestPki.Now.AddYears(1));

        Assert.Empty(Check(new ClientCertificateIssuerRule(), Options, Talosconfig(shipped, good)));
        var finding = Assert.Single(Check(new ClientCertificateIssuerRule(), Options, Talosconfig(shipped, foreign, "prod")));
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("contexts.prod", finding.Location.Path);
        Assert.Empty(Check(new ClientCertificateIssuerRule(), Options, Talosconfig(shipped, foreign), MachineCa(other)));
    }

    [Fact]
    public void Kubeconfig_client_from_another_ca_fires_at_the_context()
    {
        using var clusterCa = Ca("CN=kubernetes", TestPki.Now.AddYears(9));
        using var other = Ca("CN=kubernetes", TestPki.Now.AddYears(9));
        using var foreign = Client(other, "O=system:masters, CN=admin", TestPki.Now, TestPki.Now.AddYears(1));
        var kubeconfig = ("kubeconfig.yaml",
            $"apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority-data: {Base64Pem(clusterCa)}\n" +
            $"users:\n- name: u\n  user:\n    client-certificate-data: {Base64Pem(foreign)}\n    client-key-data: cmVkYWN0ZWQ=\n" +
            "contexts:\n- name: admin@c\n  context:\n    cluster: c\n    user: u\ncurrent-context: admin@c\n");

        var finding = Assert.Single(Check(new ClientCertificateIssuerRule(), Options, kubeconfig));

        Assert.Equal("contexts[0]", finding.Location.Path);
        Assert.Equal(14, finding.Location.Line);
    }
}
