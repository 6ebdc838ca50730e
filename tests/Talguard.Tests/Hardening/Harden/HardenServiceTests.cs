using System.Runtime.Versioning;
using System.Text;
using Talguard.Artifacts;
using Talguard.Model;
using Talguard.Model.Profile;
using Talguard.Services;

namespace Talguard.Tests.Hardening.Harden;

/// <summary>The harden service's output directory: its files, atomic replacement, secrets, merges and diffs.</summary>
[SupportedOSPlatform("linux")]
public sealed class HardenServiceTests : IDisposable
{
    private const string Recovery = "c0rrect-h0rse \"battery\" #staple";

    private const string ControlPlaneBase = """
        version: v1alpha1
        machine:
          type: controlplane
          token: abcdef.0123456789planted
          kubelet:
            image: ghcr.io/siderolabs/kubelet:v1.34.1
            nodeIP:
              validSubnets:
                - 10.9.0.0/24
        cluster:
          secretboxEncryptionSecret: c2VjcmV0Ym94LXBsYW50ZWQtc2VjcmV0LXZhbHVlLTMyYg==
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("talguard-harden-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Writes_the_patches_manifests_secrets_example_readme_and_marker()
    {
        var result = Run(Out("hardened"));

        Assert.Equal(["README.md", "controlplane.patch.yaml", "manifests/namespaces.yaml", "secrets.env.example", "worker.patch.yaml"], result.Files);
        Assert.True(File.Exists(Path.Combine(Out("hardened"), HardenService.MarkerFile)));
        var controlPlane = Read("hardened/controlplane.patch.yaml");
        Assert.StartsWith("# Talos machine-config patch for the control-plane nodes of cluster talos", controlPlane, StringComparison.Ordinal);
        Assert.Contains("passphrase: \"${TALGUARD_LUKS_RECOVERY}\"", controlPlane, StringComparison.Ordinal);
        Assert.Contains("\n---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: EPHEMERAL\n", controlPlane, StringComparison.Ordinal);
        var manifests = Read("hardened/manifests/namespaces.yaml");
        Assert.Contains("name: apps\n", manifests, StringComparison.Ordinal);
        Assert.Contains("\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: monitoring\n", manifests, StringComparison.Ordinal);
        Assert.Contains("# The LUKS2 recovery passphrase (slot 1); keep it in your password manager.\nTALGUARD_LUKS_RECOVERY=\n", Read("hardened/secrets.env.example"), StringComparison.Ordinal);
        var readme = Read("hardened/README.md");
        Assert.Contains("talosctl gen secrets -o secrets.yaml", readme, StringComparison.Ordinal);
        Assert.Contains("--config-patch-control-plane @rendered/controlplane.patch.yaml", readme, StringComparison.Ordinal);
        Assert.Contains("envsubst '${TALGUARD_LUKS_RECOVERY}'", readme, StringComparison.Ordinal);
        Assert.Contains("talosctl reset --nodes <IP> --system-labels-to-wipe STATE --system-labels-to-wipe EPHEMERAL --reboot", readme, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -f rendered/manifests/", readme, StringComparison.Ordinal);
        Assert.Contains("| TG-DISK-004 | a recovery passphrase is kept on purpose |", readme, StringComparison.Ordinal);
        Assert.Contains("Wipe EPHEMERAL so that it is encrypted.", readme, StringComparison.Ordinal);
        Assert.True(readme.IndexOf("Wipe EPHEMERAL", StringComparison.Ordinal) < readme.IndexOf("## Notes by section", StringComparison.Ordinal), "an existing-cluster note belongs to that part");
    }

    [Fact]
    public void A_second_run_writes_the_same_bytes_wherever_the_directory_is()
    {
        var basePath = Write("controlplane.yaml", ControlPlaneBase);
        Run(Out("one/hardened"), [basePath]);
        Run(Out("two/hardened"), [basePath]);

        Assert.Equal(Snapshot(Out("one/hardened")), Snapshot(Out("two/hardened")));
    }

    [Fact]
    public void A_previous_output_is_replaced_as_a_whole_and_stale_files_go()
    {
        Run(Out("hardened"));
        File.WriteAllText(Path.Combine(Out("hardened"), "manifests", "stale.yaml"), "kind: Old\n");

        Run(Out("hardened"));

        Assert.False(File.Exists(Path.Combine(Out("hardened"), "manifests", "stale.yaml")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root, ".talguard-*"));
    }

    [Fact]
    public void A_directory_that_is_no_harden_output_is_refused_unless_forced()
    {
        Directory.CreateDirectory(Out("mine"));
        File.WriteAllText(Path.Combine(Out("mine"), "notes.txt"), "mine\n");

        var refused = Assert.Throws<ArtifactException>(() => Run(Out("mine")));
        Assert.Contains("use --force", refused.Message, StringComparison.Ordinal);
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(Out("mine"), "notes.txt")));

        Run(Out("mine"), force: true);
        Assert.False(File.Exists(Path.Combine(Out("mine"), "notes.txt")));
    }

    [Fact]
    public void Force_never_deletes_an_input_inside_the_directory()
    {
        Directory.CreateDirectory(Out("mine"));
        var basePath = Write("mine/controlplane.yaml", ControlPlaneBase);

        var refused = Assert.Throws<ArtifactException>(() => Run(Out("mine"), [basePath], force: true));

        Assert.Contains("which --force would delete", refused.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(basePath));
    }

    [Fact]
    public void A_file_in_the_way_is_refused_even_when_forced()
    {
        File.WriteAllText(Out("hardened"), "a file\n");

        Assert.Throws<ArtifactException>(() => Run(Out("hardened"), force: true));
        Assert.Equal("a file\n", File.ReadAllText(Out("hardened")));
    }

    [Fact]
    public void A_generator_failing_midway_leaves_no_directory_and_no_temporary()
    {
        Assert.Throws<InvalidOperationException>(() => HardenService.Run(Request(Out("hardened")), HardeningProfile.Default, [.. TestGenerators.All, new TestGenerators.Failing()]));

        Assert.False(Directory.Exists(Out("hardened")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void A_write_failing_midway_leaves_the_previous_output_untouched()
    {
        Run(Out("hardened"));
        var before = Snapshot(Out("hardened"));

        // "README.md/x" needs README.md to be a directory: the second file cannot be written.
        Assert.Throws<ArtifactException>(() => ArtifactWriter.WriteDirectory(Out("hardened"),
            [new Artifact("README.md", "new\n"u8.ToArray(), false), new Artifact("README.md/x", "x\n"u8.ToArray(), false)]));

        Assert.Equal(before, Snapshot(Out("hardened")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root, ".talguard-*"));
    }

    [Fact]
    public void Inline_secrets_fill_the_placeholders_quoted_and_make_those_files_private()
    {
        Run(Out("hardened"), inline: true, environment: name => name == "TALGUARD_LUKS_RECOVERY" ? Recovery : null);

        var controlPlane = Read("hardened/controlplane.patch.yaml");
        Assert.Contains("passphrase: \"c0rrect-h0rse \\\"battery\\\" #staple\"", controlPlane, StringComparison.Ordinal);
        Assert.Equal(ArtifactWriter.PrivateMode, File.GetUnixFileMode(Out("hardened/controlplane.patch.yaml")));
        Assert.Equal(ArtifactWriter.PrivateMode, File.GetUnixFileMode(Out("hardened/worker.patch.yaml")));
        Assert.NotEqual(ArtifactWriter.PrivateMode, File.GetUnixFileMode(Out("hardened/manifests/namespaces.yaml")));
        Assert.DoesNotContain("c0rrect", Read("hardened/README.md"), StringComparison.Ordinal);
        Assert.DoesNotContain("c0rrect", Read("hardened/secrets.env.example"), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_secrets_without_the_variable_name_it_and_write_nothing()
    {
        var error = Assert.Throws<InputException>(() => Run(Out("hardened"), inline: true));

        Assert.Equal("--inline-secrets: the environment variable TALGUARD_LUKS_RECOVERY is not set (see secrets.env.example for what it holds)", error.OneLine);
        Assert.False(Directory.Exists(Out("hardened")));
    }

    [Fact]
    public void Without_inline_secrets_no_planted_secret_reaches_any_file_or_the_diff()
    {
        var basePath = Write("controlplane.yaml", ControlPlaneBase);

        var result = Run(Out("hardened"), [basePath], environment: _ => Recovery);

        var all = string.Concat(Directory.EnumerateFiles(Out("hardened"), "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.DoesNotContain("c0rrect", all, StringComparison.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Out("hardened"), "*", SearchOption.AllDirectories).Where(p => !p.Contains("/merged/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("planted", File.ReadAllText(path), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("planted", result.Bases[0].Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0Ym94", result.Bases[0].Diff, StringComparison.Ordinal);
        // The merge is the config the node takes: it keeps the base's keys, so nobody else may read it.
        Assert.Equal(ArtifactWriter.PrivateMode, File.GetUnixFileMode(Out("hardened/merged/controlplane.yaml")));
    }

    [Fact]
    public void A_base_is_merged_by_its_role_and_the_diff_shows_only_what_hardening_adds()
    {
        var basePath = Write("controlplane.yaml", ControlPlaneBase);

        var result = Run(Out("hardened"), [basePath]);

        var hardened = Assert.Single(result.Bases);
        Assert.Equal(("controlplane", "merged/controlplane.yaml"), (hardened.Role, hardened.MergedFile));
        var merged = Read("hardened/merged/controlplane.yaml");
        Assert.Contains("  type: controlplane\n", merged, StringComparison.Ordinal);
        Assert.Contains("passphrase: \"${TALGUARD_LUKS_RECOVERY}\"", merged, StringComparison.Ordinal);
        Assert.Contains("        - 10.9.0.0/24\n        - 10.5.0.0/24\n", merged, StringComparison.Ordinal);
        Assert.StartsWith("--- a/controlplane.yaml\n+++ b/merged/controlplane.yaml\n@@ ", hardened.Diff, StringComparison.Ordinal);
        Assert.Contains("\n+  sysctls:\n+    kernel.kptr_restrict: \"2\"\n", hardened.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("\n-", hardened.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Hardening_a_merged_base_again_changes_nothing()
    {
        var basePath = Write("controlplane.yaml", ControlPlaneBase);
        Run(Out("first"), [basePath]);
        var merged = Out("first/merged/controlplane.yaml");

        var again = Run(Out("second"), [merged]);

        Assert.Equal(string.Empty, Assert.Single(again.Bases).Diff);
        Assert.Equal(File.ReadAllText(merged), Read("second/merged/controlplane.yaml"));
    }

    [Fact]
    public void A_base_that_is_no_machine_config_is_one_line_naming_it()
    {
        var basePath = Write("talconfig.yaml", "clusterName: x\nnodes: []\n");

        var error = Assert.Throws<InputException>(() => Run(Out("hardened"), [basePath]));

        Assert.Contains("talconfig.yaml: not a Talos machine config", error.OneLine, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out("hardened")));
    }

    private HardenResult Run(string output, IReadOnlyList<string>? bases = null, bool force = false, bool inline = false, Func<string, string?>? environment = null) =>
        HardenService.Run(Request(output, bases, force, inline, environment), HardeningProfile.Default, TestGenerators.All);

    private HardenRequest Request(string output, IReadOnlyList<string>? bases = null, bool force = false, bool inline = false, Func<string, string?>? environment = null) => new()
    {
        Profile = Path.Combine(_root, "talguard.profile.yaml"),
        Output = output,
        Bases = bases ?? [],
        Force = force,
        InlineSecrets = inline,
        Environment = environment ?? (_ => null),
    };

    private string Out(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private string Write(string relative, string text)
    {
        var path = Out(relative);
        File.WriteAllText(path, text);
        return path;
    }

    private string Read(string relative) => File.ReadAllText(Path.Combine(_root, relative));

    private static string Snapshot(string directory)
    {
        var text = new StringBuilder();
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append("== ").Append(Path.GetRelativePath(directory, path)).Append(' ').Append(File.GetUnixFileMode(path)).Append('\n').Append(File.ReadAllText(path));
        }

        return text.ToString();
    }
}
