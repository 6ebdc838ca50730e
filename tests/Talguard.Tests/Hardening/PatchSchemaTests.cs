using NJsonSchema;
using Talguard.Findings;
using Talguard.Hardening.SecureBoot;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening;

/// <summary>The document patches of the node rules are documents the published Talos schema accepts.</summary>
public class PatchSchemaTests
{
    private const string Config = """
        version: v1alpha1
        machine:
          type: controlplane
          install:
            image: ghcr.io/siderolabs/installer:v1.13.4
          network:
            interfaces:
              - interface: eth0
                addresses: [10.0.1.10/24]
              - interface: eth1
                addresses: [192.168.1.10/24]
        """;

    [Theory]
    [InlineData("TG-DISK-001")]
    [InlineData("TG-DISK-002")]
    [InlineData("TG-NET-001")]
    public async Task Multi_document_patches_validate_against_the_v1_13_schema(string ruleId)
    {
        var schema = await Schema("config.schema.v1.13.json");
        Assert.NotEmpty(schema.Validate("""{"apiVersion": "v1alpha1", "kind": "VolumeConfig", "name": "STATE", "encryption": {"perf": {}}}"""));
        var rule = RuleCatalog.ScanRules.Single(r => r.Descriptor.Id == ruleId);
        AssertValid(schema, Assert.Single(Yaml.Check(rule, ("cp.yaml", Config))).Patch!);
    }

    [Fact]
    public async Task The_unattended_install_patch_validates_against_the_v1_14_schema()
    {
        const string config = """
            version: v1alpha1
            machine:
              type: worker
            ---
            apiVersion: v1alpha1
            kind: UnattendedInstall
            installer:
              image: factory.talos.dev/installer/abc:v1.14.0
            """;
        var finding = Assert.Single(Yaml.Check(new SecureBootInstallImageRule(), ("w.yaml", config)));
        AssertValid(await Schema("config.schema.v1.14.0-rc.1.json"), finding.Patch!);
    }

    private static void AssertValid(JsonSchema schema, string patch)
    {
        var merged = TalosPatchApplier.Apply(TalosPatchApplier.Documents(Yaml.File("config.yaml", "version: v1alpha1\n")), TalosPatchReader.Read("patch.yaml", patch));
        var documents = merged.Skip(1).Select(ConfigJson.Write).ToList();
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            var errors = schema.Validate(document);
            Assert.True(errors.Count == 0, $"patch document {document.Trim()}: {string.Join("; ", errors)}");
        }
    }

    private static Task<JsonSchema> Schema(string name) => TalosSchemas.Load(name, TestContext.Current.CancellationToken);
}
