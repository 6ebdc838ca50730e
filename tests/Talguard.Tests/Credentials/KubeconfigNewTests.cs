using System.Runtime.Versioning;
using Talguard.Hardening.Certificates;
using Talguard.Model;
using Talguard.Services;

namespace Talguard.Tests.Credentials;

/// <summary><c>talguard kubeconfig new</c> against bundles and a machine config made with openssl-generated CAs.</summary>
[SupportedOSPlatform("linux")]
public sealed class KubeconfigNewTests : IDisposable
{
    private readonly CredentialFixtures _pki = new();

    public void Dispose() => _pki.Dispose();

    private string DefaultBundle() => _pki.Bundle("secrets.yaml", _pki.Ca("os", "ed25519", "talos"), _pki.Ca("k8s", "ec", "kubernetes"));

    [Fact]
    public void The_client_certificate_chains_to_the_kubernetes_ca_with_user_and_groups()
    {
        var output = _pki.PathOf("kubeconfig");

        var outcome = Support.Cli.Run("kubeconfig", "new", "--secrets", DefaultBundle(), "--user", "alice", "--group", "devs,auditors", "--ttl", "8h",
            "--server", "https://10.5.0.1:6443", "--cluster", "prod", "-o", output);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("alice@prod", CredentialFixtures.Value(output, "current-context"));
        Assert.Equal("https://10.5.0.1:6443", InputLoader.Load([output]).Single().Documents.Single().At("clusters")!.Items.Single().At("cluster", "server")!.AsString());
        var document = InputLoader.Load([output]).Single().Documents.Single();
        var client = _pki.Decoded(document.At("users")!.Items.Single().At("user", "client-certificate-data")!.AsString()!, "client.pem");
        var key = _pki.Decoded(document.At("users")!.Items.Single().At("user", "client-key-data")!.AsString()!, "client.key");
        var ca = _pki.Decoded(document.At("clusters")!.Items.Single().At("cluster", "certificate-authority-data")!.AsString()!, "ca.pem");
        Assert.Equal(client + ": OK\n", _pki.Run("verify", "-CAfile", ca, client));
        Assert.Equal(client + ": OK\n", _pki.Run("verify", "-CAfile", _pki.PathOf("k8s.crt"), client));
        Assert.Equal("subject=CN=alice,O=auditors,O=devs\n", _pki.Run("x509", "-in", client, "-noout", "-subject", "-nameopt", "RFC2253"));
        var extensions = _pki.Run("x509", "-in", client, "-noout", "-ext", "keyUsage,extendedKeyUsage");
        Assert.Contains("X509v3 Key Usage: critical\n    Digital Signature\n", extensions, StringComparison.Ordinal);
        Assert.Contains("TLS Web Client Authentication", extensions, StringComparison.Ordinal);
        Assert.Equal(_pki.Run("x509", "-in", client, "-noout", "-pubkey"), _pki.Run("pkey", "-in", key, "-pubout"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        Assert.DoesNotContain("PRIVATE", outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validity_is_the_ttl_from_now()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var output = _pki.PathOf("kubeconfig");

        KubeconfigNewService.Create(new KubeconfigNewRequest(DefaultBundle(), "bob", ["devs"], output) { Server = "https://k8s.example:6443", Lifetime = TimeSpan.FromDays(30), Now = now });

        var document = InputLoader.Load([output]).Single().Documents.Single();
        var client = _pki.Decoded(document.At("users")!.Items.Single().At("user", "client-certificate-data")!.AsString()!, "client.pem");
        Assert.Equal(now.AddDays(30), _pki.Date(client, "enddate"));
        Assert.Equal(now.AddMinutes(-5), _pki.Date(client, "startdate"));
    }

    [Fact]
    public void Talguard_reads_the_kubeconfig_back_as_a_kubernetes_client_signed_by_the_bundles_ca()
    {
        var secrets = DefaultBundle();
        var output = _pki.PathOf("kubeconfig");
        Assert.Equal(0, Support.Cli.Run("kubeconfig", "new", "--secrets", secrets, "-u", "carol", "-g", "viewers", "--server", "https://10.5.0.1:6443", "-o", output).ExitCode);

        using var inventory = new CertificateInventory(new ClusterModel(InputLoader.Load([output, secrets])));
        var credential = Assert.Single(inventory.Clients);
        Assert.False(credential.IsTalos);
        Assert.Equal("carol@kubernetes", credential.Name);
        Assert.Equal("CN=carol, O=viewers", credential.Certificate.Subject);
        Assert.True(CertificateInventory.IsSignedBy(credential.Certificate, Assert.Single(inventory.KubernetesCas), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void A_control_plane_config_supplies_the_ca_the_server_and_the_cluster_name()
    {
        var (certificate, key) = _pki.Ca("k8s", "ec", "kubernetes");
        var (osCertificate, osKey) = _pki.Ca("os", "ed25519", "talos");
        var config = _pki.PathOf("controlplane.yaml");
        File.WriteAllText(config,
            "version: v1alpha1\nmachine:\n  type: controlplane\n  ca:\n" +
            $"    crt: {CredentialFixtures.Base64(osCertificate)}\n    key: {CredentialFixtures.Base64(osKey)}\n" +
            "cluster:\n  clusterName: lab\n  controlPlane:\n    endpoint: https://lab.example:6443\n  ca:\n" +
            $"    crt: {CredentialFixtures.Base64(certificate)}\n    key: {CredentialFixtures.Base64(key)}\n");
        var output = _pki.PathOf("kubeconfig");

        Assert.Equal(0, Support.Cli.Run("kubeconfig", "new", "--secrets", config, "-u", "dave", "-o", output).ExitCode);

        var document = InputLoader.Load([output]).Single().Documents.Single();
        Assert.Equal("https://lab.example:6443", document.At("clusters")!.Items.Single().At("cluster", "server")!.AsString());
        Assert.Equal("dave@lab", document.At("current-context")!.AsString());
        var client = _pki.Decoded(document.At("users")!.Items.Single().At("user", "client-certificate-data")!.AsString()!, "client.pem");
        Assert.Equal(client + ": OK\n", _pki.Run("verify", "-CAfile", _pki.PathOf("k8s.crt"), client));
    }

    [Fact]
    public void A_worker_config_has_no_ca_key_to_sign_with()
    {
        var (certificate, _) = _pki.Ca("k8s", "ec", "kubernetes");
        var config = _pki.PathOf("worker.yaml");
        File.WriteAllText(config, $"version: v1alpha1\nmachine:\n  type: worker\ncluster:\n  controlPlane:\n    endpoint: https://lab.example:6443\n  ca:\n    crt: {CredentialFixtures.Base64(certificate)}\n");

        var outcome = Support.Cli.Run("kubeconfig", "new", "--secrets", config, "-u", "dave", "-o", _pki.PathOf("kubeconfig"));

        Support.Cli.AssertOneLineInputError(outcome, config + ":8: cluster.ca.key is missing");
    }

    [Theory]
    [InlineData("--ttl", "0s", "--ttl: '0s' is not a positive duration")]
    [InlineData("--ttl", "soon", "--ttl: 'soon' is not a positive duration")]
    [InlineData("--server", "http://10.5.0.1:6443", "--server: 'http://10.5.0.1:6443' is not an https:// URL")]
    public void A_bad_option_is_one_line_and_writes_nothing(string option, string value, string expected)
    {
        var output = _pki.PathOf("kubeconfig");
        string[] arguments = ["kubeconfig", "new", "--secrets", DefaultBundle(), "-u", "alice", "-o", output, option, value];
        if (option != "--server")
        {
            arguments = [.. arguments, "--server", "https://10.5.0.1:6443"];
        }

        Support.Cli.AssertOneLineInputError(Support.Cli.Run(arguments), expected);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_bundle_needs_the_server_named()
    {
        var secrets = DefaultBundle();

        Support.Cli.AssertOneLineInputError(Support.Cli.Run("kubeconfig", "new", "--secrets", secrets, "-u", "alice", "-o", _pki.PathOf("kubeconfig")),
            secrets + ": a secrets bundle does not name the API server: give --server");
    }

    [Fact]
    public void Bad_inputs_are_one_line()
    {
        var missing = _pki.PathOf("missing.yaml");
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("kubeconfig", "new", "--secrets", missing, "-u", "a", "--server", "https://x:6443", "-o", _pki.PathOf("k")), missing + ": ");

        var (osCertificate, osKey) = _pki.Ca("os", "ed25519", "talos");
        var (certificate, _) = _pki.Ca("k8s", "ec", "kubernetes");
        var keyless = _pki.Bundle("keyless.yaml", (osCertificate, osKey), (certificate, null));
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("kubeconfig", "new", "--secrets", keyless, "-u", "a", "--server", "https://x:6443", "-o", _pki.PathOf("k")), keyless + ":11: certs.k8s.key is missing");

        var existing = _pki.PathOf("existing");
        File.WriteAllText(existing, "x");
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("kubeconfig", "new", "--secrets", DefaultBundle(), "-u", "a", "--server", "https://x:6443", "-o", existing), existing + ": already exists");
        Assert.Equal("x", File.ReadAllText(existing));
        Assert.False(File.Exists(_pki.PathOf("k")));
    }
}
