using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>The typed fixes <see cref="TalosPatch"/> builds, as <see cref="ConfigYamlWriter"/> renders them.</summary>
public class TalosPatchBuilderTests
{
    private const string Config = """
        version: v1alpha1
        machine:
          kubelet:
            extraConfig:
              readOnlyPort: 10255
          features:
            kubernetesTalosAPIAccess:
              allowedRoles:
                - os:reader
                - os:admin
        cluster:
          apiServer:
            admissionControl:
              - name: PodSecurity
                configuration:
                  defaults:
                    enforce: privileged
        ---
        apiVersion: v1alpha1
        kind: KubeletConfig
        name: node-a
        extraConfig:
          anonymous: true
        """;

    private static readonly SourceFile File = Yaml.File("config.yaml", Config);

    private static LocatedDocument Main => File.Documents[0];

    private static LocatedDocument Split => File.Documents[1];

    [Fact]
    public void Typed_values_keep_their_type()
    {
        var port = Main.At("machine", "kubelet", "extraConfig", "readOnlyPort")!;
        Assert.Equal("machine:\n  kubelet:\n    extraConfig:\n      readOnlyPort: 0\n", TalosPatch.Set(Main, port, 0)!.ToYaml());
        Assert.Equal("machine:\n  kubelet:\n    extraConfig:\n      readOnlyPort: false\n", TalosPatch.Set(Main, port, false)!.ToYaml());
        Assert.Equal("machine:\n  kubelet:\n    extraConfig:\n      readOnlyPort: \"0\"\n", TalosPatch.Set(Main, port, "\"0\"")!.ToYaml());
        Assert.Equal("machine:\n  kubelet:\n    extraConfig:\n      readOnlyPort: \"x\"\n", TalosPatch.Set(Main, port, TalosPatch.Quote("x"))!.ToYaml());
    }

    [Fact]
    public void A_split_document_is_selected_by_its_header_and_a_delete_is_a_patch_delete()
    {
        var anonymous = Split.At("extraConfig", "anonymous")!;
        Assert.Equal("apiVersion: v1alpha1\nkind: KubeletConfig\nname: node-a\nextraConfig:\n  anonymous:\n    $patch: delete\n", TalosPatch.Delete(Split, anonymous)!.ToYaml());
        var fixedConfig = TalosPatchApplier.Merge(File, TalosPatch.Delete(Split, anonymous)!);
        Assert.DoesNotContain("anonymous", fixedConfig, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_item_is_fixed_by_its_merge_key_or_removed_with_json_6902()
    {
        var entry = Main.At("cluster", "apiServer", "admissionControl")!.Items[0];
        var setEnforce = TalosPatch.SetInItem(Main, entry, "name", "baseline", "configuration", "defaults", "enforce")!;
        Assert.Contains("enforce: baseline", TalosPatchApplier.Merge(Yaml.File("single.yaml", Config.Split("---")[0]), setEnforce), StringComparison.Ordinal);
        Assert.Null(TalosPatch.Set(Main, entry["name"]!, "\"x\""));

        var remove = TalosPatch.Remove("/machine/features/kubernetesTalosAPIAccess/allowedRoles/1");
        Assert.Equal("- op: remove\n  path: /machine/features/kubernetesTalosAPIAccess/allowedRoles/1\n", remove.ToYaml());
        Assert.DoesNotContain("os:admin", TalosPatchApplier.Merge(Yaml.File("single.yaml", Config.Split("---")[0]), remove), StringComparison.Ordinal);
    }

    [Fact]
    public void A_written_out_patch_reads_into_the_model_and_renders_the_same()
    {
        const string Text = "cluster:\n  apiServer:\n    extraArgs:\n      audit-log-maxage: \"30\"\n";
        Assert.Equal(Text, TalosPatch.Parse(Text).ToYaml());
    }
}
