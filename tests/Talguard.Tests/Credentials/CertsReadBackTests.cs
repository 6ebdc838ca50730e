using System.Text.Json;

namespace Talguard.Tests.Credentials;

/// <summary>What <c>talosconfig new</c> and <c>kubeconfig new</c> write, read back with <c>talguard certs</c>: roles or groups, clientAuth, a verified chain.</summary>
public sealed class CertsReadBackTests : IDisposable
{
    private readonly CredentialFixtures _pki = new();

    public void Dispose() => _pki.Dispose();

    private string Bundle() => _pki.Bundle("secrets.yaml", _pki.Ca("os", "ed25519", "talos"), _pki.Ca("k8s", "ec", "kubernetes"));

    private static JsonElement Client(string output, string secrets)
    {
        var outcome = Support.Cli.Run("certs", "--format", "json", "--fail-on", "none", output, secrets);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        return JsonDocument.Parse(outcome.Stdout).RootElement.GetProperty("certificates").EnumerateArray()
            .Single(c => c.GetProperty("file").GetString() == output && !c.GetProperty("isCa").GetBoolean()).Clone();
    }

    private static string[] Strings(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void Certs_shows_the_talosconfigs_roles_and_verified_chain()
    {
        var secrets = Bundle();
        var output = _pki.PathOf("talosconfig");
        Assert.Equal(0, Support.Cli.Run("talosconfig", "new", "--secrets", secrets, "--role", "os:reader,os:etcd:backup", "--ttl", "48h", "--context", "backup", "--endpoints", "10.5.0.2", "-o", output).ExitCode);

        var client = Client(output, secrets);

        Assert.Equal("talosconfig", client.GetProperty("source").GetString());
        Assert.Equal("backup", client.GetProperty("context").GetString());
        Assert.Equal(["os:reader", "os:etcd:backup"], Strings(client, "talosRoles"));
        Assert.Equal(["clientAuth"], Strings(client, "extendedKeyUsages"));
        Assert.Equal("Ed25519", client.GetProperty("keyType").GetString());
        Assert.Equal("verified", client.GetProperty("chain").GetString());
    }

    [Fact]
    public void Certs_shows_the_kubeconfigs_user_groups_and_verified_chain()
    {
        var secrets = Bundle();
        var output = _pki.PathOf("kubeconfig");
        Assert.Equal(0, Support.Cli.Run("kubeconfig", "new", "--secrets", secrets, "-u", "alice", "-g", "devs", "--server", "https://10.5.0.1:6443", "-o", output).ExitCode);

        var client = Client(output, secrets);

        Assert.Equal("alice", client.GetProperty("subjectCommonName").GetString());
        Assert.Equal(["devs"], Strings(client, "subjectOrganizations"));
        Assert.Equal(["clientAuth"], Strings(client, "extendedKeyUsages"));
        Assert.Equal("verified", client.GetProperty("chain").GetString());
    }
}
