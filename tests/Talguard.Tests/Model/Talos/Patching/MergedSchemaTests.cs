using NJsonSchema;
using Talguard.Tests.Support;
using static Talguard.Tests.Model.Talos.Patching.PatchingTestKit;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>A merge of a valid config and a valid patch is still a config the published Talos schema accepts.</summary>
public class MergedSchemaTests
{
    private const string Config = """
        version: v1alpha1
        machine:
          type: worker
          token: abc.def
          install:
            disk: /dev/sda
            wipe: true
          sysctls:
            kernel.kptr_restrict: "1"
          kubelet:
            extraArgs:
              rotate-server-certificates: "true"
        cluster:
          clusterName: demo
          controlPlane:
            endpoint: https://cp.example:6443
          network:
            podSubnets: [10.244.0.0/16]
        ---
        apiVersion: v1alpha1
        kind: VolumeConfig
        name: EPHEMERAL
        provisioning:
          maxSize: 10GiB
        """;

    private const string Patch = """
        machine:
          install:
            wipe: false
          sysctls:
            kernel.yama.ptrace_scope: "1"
          kubelet:
            extraArgs:
              rotate-server-certificates: "false"
        cluster:
          network:
            podSubnets: [10.100.0.0/16]
        ---
        apiVersion: v1alpha1
        kind: VolumeConfig
        name: EPHEMERAL
        encryption:
          provider: luks2
          keys:
            - slot: 0
              tpm: {}
        ---
        apiVersion: v1alpha1
        kind: VolumeConfig
        name: STATE
        encryption:
          provider: luks2
          keys:
            - slot: 0
              nodeID: {}
        """;

    [Fact]
    public async Task Every_merged_document_validates_against_the_v1_13_schema()
    {
        var schema = await TalosSchemas.Load("config.schema.v1.13.json", TestContext.Current.CancellationToken);
        Assert.NotEmpty(schema.Validate(ConfigJson.Write(Apply(Config, "machine:\n  install:\n    notAField: 1\n")[0])));
        var merged = Apply(Config, Patch);
        Assert.Equal(3, merged.Count);
        foreach (var document in merged)
        {
            var json = ConfigJson.Write(document);
            var errors = schema.Validate(json);
            Assert.True(errors.Count == 0, $"{json}: {string.Join("; ", errors)}");
        }
    }
}
