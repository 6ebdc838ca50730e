using System.Runtime.Versioning;
using Talguard.Hardening.Certificates;
using Talguard.Model;
using Talguard.Services;

namespace Talguard.Tests.Credentials;

/// <summary><c>talguard talosconfig new</c> against bundles made by openssl, checked with openssl and read back by Talguard's certificate inventory.</summary>
[SupportedOSPlatform("linux")]
public sealed class TalosconfigNewTests : IDisposable
{
    private readonly CredentialFixtures _pki = new();

    public void Dispose() => _pki.Dispose();

    private string DefaultBundle(string osKeyType = "ed25519") =>
        _pki.Bundle("secrets.yaml", _pki.Ca("os", osKeyType, "talos"), _pki.Ca("k8s", "ec", "kubernetes"));

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ec")]
    [InlineData("rsa")]
    public void The_client_certificate_chains_to_the_os_ca_and_carries_exactly_the_requested_roles(string caKeyType)
    {
        var secrets = DefaultBundle(caKeyType);
        var output = _pki.PathOf("talosconfig");

        var outcome = Support.Cli.Run("talosconfig", "new", "--secrets", secrets, "--role", "os:reader,os:etcd:backup", "--ttl", "24h",
            "--context", "backup", "--endpoints", "10.5.0.2", "10.5.0.3", "--nodes", "10.5.0.4", "-o", output);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stderr);
        Assert.Equal("backup", CredentialFixtures.Value(output, "context"));
        var client = _pki.Decoded(CredentialFixtures.Value(output, "contexts", "backup", "crt"), "client.pem");
        var ca = _pki.Decoded(CredentialFixtures.Value(output, "contexts", "backup", "ca"), "ca.pem");
        Assert.Equal(File.ReadAllText(_pki.PathOf("os.crt")), File.ReadAllText(ca));
        Assert.Equal(client + ": OK\n", _pki.Run("verify", "-CAfile", ca, client));
        Assert.Equal("subject=CN=backup,O=os:etcd:backup,O=os:reader\n", _pki.Run("x509", "-in", client, "-noout", "-subject", "-nameopt", "RFC2253"));
        var extensions = _pki.Run("x509", "-in", client, "-noout", "-ext", "keyUsage,extendedKeyUsage");
        Assert.Contains("X509v3 Key Usage: critical\n    Digital Signature\n", extensions, StringComparison.Ordinal);
        Assert.Contains("X509v3 Extended Key Usage: \n    TLS Web Client Authentication\n", extensions, StringComparison.Ordinal);
        Assert.Contains("Public Key Algorithm: ED25519", _pki.Run("x509", "-in", client, "-noout", "-text"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_is_the_certificates_private_key_and_never_printed()
    {
        var output = _pki.PathOf("talosconfig");

        var outcome = Support.Cli.Run("talosconfig", "new", "--secrets", DefaultBundle(), "--role", "os:reader", "--endpoints", "10.5.0.2", "-o", output);

        Assert.Equal(0, outcome.ExitCode);
        var keyField = CredentialFixtures.Value(output, "contexts", "talguard", "key");
        var key = _pki.Decoded(keyField, "client.key");
        var client = _pki.Decoded(CredentialFixtures.Value(output, "contexts", "talguard", "crt"), "client.pem");
        Assert.Equal(_pki.Run("x509", "-in", client, "-noout", "-pubkey"), _pki.Run("pkey", "-in", key, "-pubout"));
        Assert.DoesNotContain(keyField, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        Assert.Equal(["10.5.0.2"], InputLoader.Load([output]).Single().Documents.Single().At("contexts", "talguard", "endpoints")!.Items.Select(i => i.AsString()));
    }

    [Fact]
    public void Validity_starts_five_minutes_back_and_ends_ttl_after_now()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var output = _pki.PathOf("talosconfig");

        TalosconfigNewService.Create(new TalosconfigNewRequest(DefaultBundle(), ["os:reader"], "ro", ["10.5.0.2"], output) { Lifetime = TimeSpan.FromHours(36), Now = now });

        var client = _pki.Decoded(CredentialFixtures.Value(output, "contexts", "ro", "crt"), "client.pem");
        Assert.Equal(now.AddHours(36), _pki.Date(client, "enddate"));
        Assert.Equal(now.AddMinutes(-5), _pki.Date(client, "startdate"));
    }

    [Fact]
    public void Talguard_reads_the_talosconfig_back_as_a_talos_client_signed_by_the_bundles_ca()
    {
        var secrets = DefaultBundle();
        var output = _pki.PathOf("talosconfig");
        Assert.Equal(0, Support.Cli.Run("talosconfig", "new", "--secrets", secrets, "--role", "os:operator", "--context", "ops", "--endpoints", "10.5.0.2", "-o", output).ExitCode);

        var files = InputLoader.Load([output, secrets]);
        Assert.Equal(DocumentClass.TalosClientConfig, files[0].Documents.Single().Class);
        using var inventory = new CertificateInventory(new ClusterModel(files));
        var credential = Assert.Single(inventory.Clients);
        Assert.True(credential.IsTalos);
        Assert.Equal("ops", credential.Name);
        Assert.Equal("CN=ops, O=os:operator", credential.Certificate.Subject);
        var ca = Assert.Single(inventory.TalosCas);
        Assert.True(CertificateInventory.IsSignedBy(credential.Certificate, ca, DateTimeOffset.UtcNow));
        Assert.True(CertificateInventory.IsSignedBy(credential.Certificate, Assert.Single(credential.ShippedCas), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void An_existing_output_is_replaced_only_with_force()
    {
        var secrets = DefaultBundle();
        var output = _pki.PathOf("talosconfig");
        File.WriteAllText(output, "keep me\n");

        var refused = Support.Cli.Run("talosconfig", "new", "--secrets", secrets, "--role", "os:reader", "--endpoints", "10.5.0.2", "-o", output);

        Support.Cli.AssertOneLineInputError(refused, output + ": already exists; use --force");
        Assert.Equal("keep me\n", File.ReadAllText(output));
        Assert.Equal(0, Support.Cli.Run("talosconfig", "new", "--secrets", secrets, "--role", "os:reader", "--endpoints", "10.5.0.2", "-o", output, "--force").ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        Assert.Equal("talguard", CredentialFixtures.Value(output, "context"));
    }

    [Theory]
    [InlineData("--role", "os:superuser", "--role: 'os:superuser' is not a Talos role; use os:admin, os:operator, os:reader, os:etcd:backup, os:impersonator")]
    [InlineData("--ttl", "0h", "--ttl: '0h' is not a positive duration")]
    [InlineData("--ttl", "0", "--ttl: '0' is not a positive duration")]
    [InlineData("--ttl", "one day", "--ttl: 'one day' is not a positive duration")]
    [InlineData("--ttl", "-24h", "--ttl: '-24h' is not a positive duration")]
    [InlineData("--ttl", "100000h", "SECRETS: --ttl reaches past the CA's expiry")]
    public void A_bad_option_is_one_line_and_writes_nothing(string option, string value, string expected)
    {
        var secrets = DefaultBundle();
        var output = _pki.PathOf("talosconfig");
        string[] arguments = ["talosconfig", "new", "--secrets", secrets, "--endpoints", "10.5.0.2", "-o", output, option, value];
        if (option != "--role")
        {
            arguments = [.. arguments, "--role", "os:reader"];
        }

        Support.Cli.AssertOneLineInputError(Support.Cli.Run(arguments), expected.Replace("SECRETS", secrets, StringComparison.Ordinal));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_missing_secrets_file_is_one_line()
    {
        var missing = _pki.PathOf("nope.yaml");

        Support.Cli.AssertOneLineInputError(Support.Cli.Run("talosconfig", "new", "--secrets", missing, "--role", "os:reader", "--endpoints", "10.5.0.2", "-o", _pki.PathOf("out")), missing + ": ");
        Assert.False(File.Exists(_pki.PathOf("out")));
    }

    [Fact]
    public void A_bundle_without_the_os_key_is_one_line_naming_the_place()
    {
        var (certificate, _) = _pki.Ca("os", "ed25519", "talos");
        var secrets = _pki.Bundle("secrets.yaml", (certificate, null), _pki.Ca("k8s", "ec", "kubernetes"));

        var outcome = Support.Cli.Run("talosconfig", "new", "--secrets", secrets, "--role", "os:reader", "--endpoints", "10.5.0.2", "-o", _pki.PathOf("out"));

        Support.Cli.AssertOneLineInputError(outcome, secrets + ":14: certs.os.key is missing");
        Assert.False(File.Exists(_pki.PathOf("out")));
    }

    [Fact]
    public void A_key_of_another_ca_is_refused()
    {
        var (certificate, _) = _pki.Ca("os", "ed25519", "talos");
        var (_, otherKey) = _pki.Ca("other", "ed25519", "talos");
        var secrets = _pki.Bundle("secrets.yaml", (certificate, otherKey), _pki.Ca("k8s", "ec", "kubernetes"));

        var outcome = Support.Cli.Run("talosconfig", "new", "--secrets", secrets, "--role", "os:reader", "--endpoints", "10.5.0.2", "-o", _pki.PathOf("out"));

        Support.Cli.AssertOneLineInputError(outcome, secrets + ":15: certs.os.key is not the key of certs.os.crt");
    }

    [Fact]
    public void A_file_that_is_no_secrets_bundle_is_one_line()
    {
        var notSecrets = _pki.PathOf("deployment.yaml");
        File.WriteAllText(notSecrets, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n");

        var outcome = Support.Cli.Run("talosconfig", "new", "--secrets", notSecrets, "--role", "os:reader", "--endpoints", "10.5.0.2", "-o", _pki.PathOf("out"));

        Support.Cli.AssertOneLineInputError(outcome, notSecrets + ": not a talosctl gen secrets bundle");
    }

    [Fact]
    public void Standard_output_is_refused_as_a_target_for_a_private_key()
    {
        var outcome = Support.Cli.Run("talosconfig", "new", "--secrets", DefaultBundle(), "--role", "os:reader", "--endpoints", "10.5.0.2", "-o", "/dev/stdout", "--force");

        Support.Cli.AssertOneLineInputError(outcome, "/dev/stdout: is not a regular file");
    }
}
