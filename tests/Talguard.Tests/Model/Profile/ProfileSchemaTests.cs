using System.Text.Json;
using NJsonSchema;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Services;
using Talguard.Tests.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Profile;

/// <summary>The shipped JSON schema accepts what the reader accepts and refuses the enumerated values it refuses.</summary>
public class ProfileSchemaTests
{
    private const string Head = "apiVersion: talguard.dev/v1alpha1\nkind: HardeningProfile\n";

    private static readonly JsonDocument SchemaDocument = JsonDocument.Parse(InitService.ProfileSchema());

    [Fact]
    public async Task The_default_profile_init_writes_is_valid()
    {
        var schema = await Schema();
        AssertValid(schema, ProfileWriter.Write(HardeningProfile.Default));
    }

    [Fact]
    public async Task The_example_profile_is_valid()
    {
        var schema = await Schema();
        AssertValid(schema, File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "examples/profile/talguard.profile.yaml")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("diskEncryption:\n  mode: kms\n  kmsEndpoint: https://kms.example.com:4443\n")]
    [InlineData("secureBoot:\n  enabled: false\n")]
    [InlineData("secureBoot:\n  installerImage: factory.talos.dev/installer-secureboot/abc:v1.12.4\n")]
    [InlineData("cluster:\n  talosVersion: v1.14.0\ndiskEncryption:\n  mode: tpm+recovery\n  tpmPcrs: [7]\n")]
    [InlineData("network:\n  storageCidrs: [\"fd00:20::/64\"]\n  cni: none\n")]
    public async Task Profiles_the_reader_accepts_are_valid(string body)
    {
        ProfileReader.Parse("p.yaml", Head + body);
        AssertValid(await Schema(), Head + body);
    }

    public static TheoryData<string> Refused() => new()
    {
        "diskEncryption:\n  mode: luks\n",
        "network:\n  cni: weave\n",
        "compliance: hipaa\n",
        "secretsAtRest:\n  provider: kms\n",
        "podSecurity:\n  level: Restricted\n",
        "cluster:\n  nmae: x\n",
        "audit:\n  maxAgeDays: 0\n",
        "cluster:\n  talosVersion: v1.10.6\n",
        "cluster:\n  kubernetesVersion: 1.27.9\n",
        "diskEncryption:\n  mode: kms\n",
        "diskEncryption:\n  kmsEndpoint: https://kms.example.com:4443\n",
        "diskEncryption:\n  mode: nodeID\n  tpmPcrs: [7]\n",
        "secureBoot:\n  enabled: false\n  schematicId: 376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba\n",
        "secureBoot:\n  installerImage: ghcr.io/siderolabs/installer:v1.12.4\n",
        "kind: Profile\n",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task What_the_reader_refuses_the_schema_refuses(string body)
    {
        // The kind line replaces the head's when the case is about it; YAML keeps the last, so drop the head's instead.
        var text = body.StartsWith("kind:", StringComparison.Ordinal) ? "apiVersion: talguard.dev/v1alpha1\n" + body : Head + body;
        Assert.Throws<InputException>(() => ProfileReader.Parse("p.yaml", text));
        Assert.NotEmpty((await Schema()).Validate(Json(text)));
    }

    [Fact]
    public void The_schema_enums_are_the_reader_vocabulary()
    {
        foreach (var (field, names) in ProfileVocabulary.AllByField)
        {
            var property = Property(field);
            Assert.True(property.TryGetProperty("enum", out var values), $"{field} has no enum in the schema");
            Assert.Equal(names, values.EnumerateArray().Select(v => v.GetString()!).ToList());
        }
    }

    [Theory]
    [InlineData("", "root")]
    [InlineData("cluster", "cluster")]
    [InlineData("network", "network")]
    [InlineData("diskEncryption", "diskEncryption")]
    [InlineData("secureBoot", "secureBoot")]
    [InlineData("podSecurity", "podSecurity")]
    [InlineData("audit", "audit")]
    [InlineData("secretsAtRest", "secretsAtRest")]
    public void The_schema_names_the_keys_the_reader_takes(string section, string readerList)
    {
        var keys = readerList switch
        {
            "root" => ProfileReader.RootKeys,
            "cluster" => ProfileReader.ClusterKeys,
            "network" => ProfileReader.NetworkKeys,
            "diskEncryption" => ProfileReader.DiskEncryptionKeys,
            "secureBoot" => ProfileReader.SecureBootKeys,
            "podSecurity" => ProfileReader.PodSecurityKeys,
            "audit" => ProfileReader.AuditKeys,
            _ => ProfileReader.SecretsAtRestKeys,
        };
        var node = section.Length == 0 ? SchemaDocument.RootElement : Property(section);
        Assert.Equal(keys, node.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList());
        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void The_schema_bounds_are_the_reader_bounds()
    {
        foreach (var (key, (min, max)) in ProfileReader.AuditBounds)
        {
            var property = Property("audit." + key);
            Assert.Equal(min, property.GetProperty("minimum").GetInt32());
            Assert.Equal(max, property.GetProperty("maximum").GetInt32());
        }
    }

    private static JsonElement Property(string path)
    {
        var node = SchemaDocument.RootElement;
        foreach (var key in path.Split('.'))
        {
            node = node.GetProperty("properties").GetProperty(key);
        }

        return node;
    }

    private static void AssertValid(JsonSchema schema, string yaml)
    {
        var errors = schema.Validate(Json(yaml));
        Assert.True(errors.Count == 0, string.Join("; ", errors));
    }

    private static string Json(string yaml)
    {
        var root = InputLoader.Parse("p.yaml", null, yaml).Documents.Single(d => d.Root is not null).Root!;
        return ConfigJson.Write(ConfigNode.FromYaml(root));
    }

    private static Task<JsonSchema> Schema() => JsonSchema.FromJsonAsync(InitService.ProfileSchema(), TestContext.Current.CancellationToken);
}
