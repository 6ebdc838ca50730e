using System.Text;
using System.Text.Json.Nodes;
using Talguard.Evidence.Collection;
using Talguard.Model;

namespace Talguard.Tests.Evidence.Collection;

/// <summary>Secrets never reach the disk: what collection redacts, how it keeps the shape, and when it withholds instead.</summary>
public sealed class RedactionTests : IDisposable
{
    private readonly StandInCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void No_planted_secret_reaches_the_bundle_or_the_output()
    {
        _cluster.GrantAdmin();

        var outcome = _cluster.Collect("--admin", "--kubeconfig", _cluster.KubeConfig);

        Assert.Equal(0, outcome.ExitCode);
        var written = Directory.GetFiles(_cluster.Bundle, "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.NotEmpty(StandInCluster.PlantedSecrets);
        foreach (var secret in StandInCluster.PlantedSecrets)
        {
            // Checked against the files' text as it is and as JSON escapes it.
            Assert.All(written, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, outcome.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, outcome.Stderr, StringComparison.Ordinal);
        }

        Assert.All(written, text => Assert.DoesNotContain("PLANTED", JsonDecoded(text), StringComparison.Ordinal));
    }

    [Fact]
    public void A_redacted_machine_config_keeps_every_other_line_and_marks_each_secret_where_it_stood()
    {
        _cluster.GrantAdmin();
        Assert.Equal(0, _cluster.Collect("--admin").ExitCode);

        var collected = CollectCommandTests.JsonObjects(Path.Combine(_cluster.Bundle, "talos", "machineconfig.json"));
        foreach (var (node, config) in StandInCluster.Nodes.Zip(collected))
        {
            var original = (string)JsonNode.Parse(_cluster.Recorded(node, "machineconfig"))!["spec"]!;
            var redacted = (string)config["spec"]!;
            var before = original.Split('\n');
            var after = redacted.Split('\n');
            Assert.Equal(before.Length, after.Length);
            var changed = before.Zip(after).Where(p => p.First != p.Second).Select(p => p.Second.Trim()).ToList();
            // A secret over several lines leaves blank lines behind, so later lines keep their numbers.
            Assert.All(changed, line => Assert.True(line.Length == 0 || line.Contains("TALGUARD-REDACTED", StringComparison.Ordinal), line));

            var documents = YamlStreamReader.Read("machineconfig", new StringReader(redacted));
            var main = documents[0].Root!;
            foreach (var path in new[]
            {
                "machine.token", "machine.ca.key", "cluster.token", "cluster.secret", "cluster.ca.key", "cluster.aggregatorCA.key",
                "cluster.etcd.ca.key", "cluster.serviceAccount.key", "cluster.secretboxEncryptionSecret", "cluster.aescbcEncryptionSecret",
            })
            {
                Assert.Equal(EvidenceRedaction.Marker, main.At(path.Split('.'))?.AsString());
            }

            Assert.StartsWith("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS", main.At("machine", "ca", "crt")?.AsString(), StringComparison.Ordinal);
            var passphrase = node == StandInCluster.OldWorker
                ? main.At("machine", "systemDiskEncryption", "state", "keys")!.Items[0].At("static", "passphrase")
                : documents[1].Root!.At("encryption", "keys")!.Items[0].At("static", "passphrase");
            Assert.Equal(EvidenceRedaction.Marker, passphrase?.AsString());
            var manifest = main.At("cluster", "inlineManifests")!.Items[0]["contents"]!.AsString()!;
            Assert.Contains("password: TALGUARD-REDACTED", manifest, StringComparison.Ordinal);
            Assert.Contains("name: app", manifest, StringComparison.Ordinal);
            Assert.Equal(EvidenceRedaction.Marker, main.At("machine", "files")!.Items[0]["content"]!.AsString());
            Assert.Equal("puller", main.At("machine", "registries", "config", "registry.example.com", "auth", "username")?.AsString());
        }
    }

    [Theory]
    [InlineData("token: abc\nother: 1\n", "token: TALGUARD-REDACTED\nother: 1\n")]
    [InlineData("a:\n  passphrase: 'quoted secret'\n  b: 2\n", "a:\n  passphrase: TALGUARD-REDACTED\n  b: 2\n")]
    [InlineData("key: |\n  line one\n  line two\nnext: 1\n", "key: TALGUARD-REDACTED\n\n\nnext: 1\n")]
    [InlineData("token: \"two\n  lines\"\nb: 1\n", "token: TALGUARD-REDACTED\n\nb: 1\n")]
    [InlineData("flow: {privateKey: abc, listenPort: 1}\n", "flow: {privateKey: TALGUARD-REDACTED, listenPort: 1}\n")]
    [InlineData("token: \"\"\nsecret: ~\n", "token: \"\"\nsecret: ~\n")]
    [InlineData("tls: ünïcödé\ntoken: x\n", "tls: ünïcödé\ntoken: TALGUARD-REDACTED\n")]
    public void Secret_values_are_replaced_in_place(string yaml, string expected)
    {
        Assert.Equal(expected, MachineConfigRedactor.Redact(yaml));
    }

    [Fact]
    public void Text_without_secrets_is_returned_untouched()
    {
        const string yaml = "machine:\n  type: worker\n  ca:\n    crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n";

        Assert.Same(yaml, MachineConfigRedactor.Redact(yaml));
    }

    [Theory]
    [InlineData("machine: [unclosed\n")]
    [InlineData("base: &s hunter2\nmachine:\n  token: *s\n")]
    public void Text_that_cannot_be_vouched_for_is_withheld(string yaml)
    {
        Assert.Null(MachineConfigRedactor.Redact(yaml));
    }

    [Fact]
    public void A_machine_config_that_cannot_be_redacted_is_left_out_and_recorded()
    {
        var collected = new JsonObject { ["node"] = "10.5.0.2", ["spec"] = "machine:\n  token: [unclosed\n" };

        Assert.Equal(RedactionOutcome.Withheld, EvidenceRedaction.Redact(collected, "machineconfig"));
        Assert.Equal(EvidenceRedaction.Marker, (string?)collected["spec"]);
    }

    [Fact]
    public void Kubernetes_secret_data_and_private_keys_anywhere_are_redacted()
    {
        var list = JsonNode.Parse("""
            {"items": [
              {"kind": "Secret", "metadata": {"name": "s"}, "data": {"token": "c2VjcmV0"}, "stringData": {"password": "hunter2"}},
              {"kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"key.pem": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n", "plain": "kept"}}
            ]}
            """)!.AsObject();

        Assert.Equal(RedactionOutcome.Redacted, EvidenceRedaction.Redact(list, "pods"));

        var text = list.ToJsonString();
        Assert.DoesNotContain("c2VjcmV0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIE", text, StringComparison.Ordinal);
        Assert.Contains("\"plain\":\"kept\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUFv", true)]
    [InlineData("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJQekNCOHFBREFnRUNBaEVB", false)]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----", true)]
    [InlineData("just text", false)]
    public void Private_key_material_is_recognised_as_pem_text_or_base64_of_it(string value, bool expected)
    {
        Assert.Equal(expected, EvidenceRedaction.IsPrivateKeyMaterial(value));
    }

    private static string JsonDecoded(string text)
    {
        var decoded = new StringBuilder(text);
        foreach (var item in CollectCommandTests.JsonObjectsOf(text))
        {
            decoded.Append(item.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            AppendStrings(item, decoded);
        }

        return decoded.ToString();
    }

    private static void AppendStrings(JsonNode? node, StringBuilder into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    AppendStrings(child, into);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    AppendStrings(child, into);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var s):
                into.Append('\n').Append(s);
                break;
        }
    }
}
