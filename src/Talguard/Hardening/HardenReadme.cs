using System.Text;
using Talguard.Findings;
using Talguard.Model.Profile;

namespace Talguard.Hardening;

/// <summary>
/// The <c>README.md</c> of a harden output: what each file is, the secrets to fill in, the exact commands in order for a
/// new cluster (talosctl, talhelper, Omni) and an existing one (including the wipe disk encryption needs), the
/// sections' notes and the findings the profile accepts. Paths are the output's own names, so the text does not
/// depend on where the directory is.
/// </summary>
internal static class HardenReadme
{
    /// <param name="Merged">Each base's merge (<c>merged/NAME</c>) and its role (<c>controlplane</c> or <c>worker</c>).</param>
    internal sealed record Input(
        HardeningProfile Profile,
        string ProfilePath,
        string OutputPath,
        HardeningPlan Plan,
        IReadOnlyList<string> Placeholders,
        IReadOnlyList<string> ManifestFiles,
        IReadOnlyList<(string File, string Role)> Merged,
        bool InlineSecrets);

    public static string Write(Input input)
    {
        var profile = input.Profile;
        var profileName = Path.GetFileName(input.ProfilePath);
        var outName = Path.GetFileName(Path.TrimEndingDirectorySeparator(input.OutputPath));
        var text = new StringBuilder();
        text.Append("# Hardened Talos configuration for cluster ").Append(profile.ClusterName).Append("\n\n")
            .Append("Written by `talguard harden` from the profile `").Append(profileName).Append("` for Talos ").Append(profile.TalosRelease)
            .Append(" and Kubernetes ").Append(profile.KubernetesVersion).Append(".\n")
            .Append("Everything here is ").Append(HardeningComposer.GeneratedNotice).Append(": change the profile and run\n")
            .Append("`talguard harden --profile ").Append(profileName).Append(" --out ").Append(outName).Append("` again; it replaces this directory as a whole.\n")
            .Append("The commands below run in this directory.\n");
        Files(text, input);
        var prefix = Secrets(text, input);
        NewCluster(text, input, prefix, outName);
        ExistingCluster(text, input, prefix, profileName, outName);
        Notes(text, input.Plan);
        Accepted(text, input.Plan);
        return text.ToString();
    }

    private static void Files(StringBuilder text, Input input)
    {
        text.Append("\n## Files\n\n| file | what it is |\n|---|---|\n")
            .Append("| `controlplane.patch.yaml` | the machine-config patch for the control-plane nodes (multi-document) |\n")
            .Append("| `worker.patch.yaml` | the machine-config patch for the worker nodes (multi-document) |\n");
        foreach (var file in input.ManifestFiles)
        {
            var sections = input.Plan.Manifests.Where(m => m.FileName == file).Select(m => m.Section.Title).Distinct();
            text.Append("| `manifests/").Append(file).Append("` | Kubernetes manifests: ").Append(string.Join(", ", sections)).Append(" |\n");
        }

        text.Append("| `secrets.env.example` | the secrets the files refer to as `${NAME}`, each with what it holds |\n");
        foreach (var (file, role) in input.Merged)
        {
            text.Append("| `").Append(file).Append("` | your ").Append(role).Append(" config with the hardening merged in (mode 0600: it holds the cluster's keys) |\n");
        }
    }

    /// <summary>The secrets step; returns the folder the later commands read the patches from (<c>rendered/</c> when placeholders must be filled first).</summary>
    private static string Secrets(StringBuilder text, Input input)
    {
        text.Append("\n## Secrets\n\n");
        if (input.Placeholders.Count == 0)
        {
            text.Append("This profile puts no secret into the files.\n");
            return string.Empty;
        }

        if (input.InlineSecrets)
        {
            text.Append("The secrets were written into the files from the environment (`--inline-secrets`): those files are mode 0600.\n")
                .Append("Keep this directory out of Git, and delete it once the configs are applied.\n");
            return string.Empty;
        }

        var names = string.Join(' ', input.Placeholders.Select(p => "${" + p + "}"));
        text.Append("The files hold placeholders, never secret values:\n\n");
        foreach (var name in input.Placeholders)
        {
            var description = input.Plan.Placeholders.FirstOrDefault(p => p.Name == name)?.Description ?? "a secret the generated files refer to";
            text.Append("- `${").Append(name).Append("}`: ").Append(description.ReplaceLineEndings(" ")).Append('\n');
        }

        text.Append("\nFill them into copies under `rendered/` (the values come from a file you keep out of Git; nothing prints them):\n\n")
            .Append("```sh\n")
            .Append("cp secrets.env.example secrets.env && chmod 600 secrets.env   # then write each value after its NAME=\n")
            .Append("set -a; . ./secrets.env; set +a\n")
            .Append("umask 077; mkdir -p rendered/manifests\n")
            .Append("for f in controlplane.patch.yaml worker.patch.yaml manifests/*.yaml; do\n")
            .Append("  [ -e \"$f\" ] && envsubst '").Append(names).Append("' < \"$f\" > \"rendered/$f\"\n")
            .Append("done\n")
            .Append("```\n\n")
            .Append("`envsubst` replaces only the variables it is given, so nothing else in the files changes; a value must not\n")
            .Append("contain `\"` or `\\` (it lands inside a double-quoted YAML string). Delete `rendered/` once applied; the next\n")
            .Append("harden run replaces this directory, `rendered/` and `secrets.env` included, so keep `secrets.env` elsewhere too.\n")
            .Append("Alternatively, `talguard harden ... --inline-secrets` with these variables set writes the values into the files itself.\n");
        return "rendered/";
    }

    private static void NewCluster(StringBuilder text, Input input, string prefix, string outName)
    {
        var profile = input.Profile;
        var node = profile.ControlPlaneNodes.Count > 0 ? profile.ControlPlaneNodes[0] : "<control-plane IP>";
        text.Append("\n## A new cluster\n\n```sh\n")
            .Append("talosctl gen secrets -o secrets.yaml   # the cluster's CAs and keys: keep it safe, out of Git\n")
            .Append("talosctl gen config ").Append(profile.ClusterName).Append(' ').Append(profile.Endpoint).Append(" --with-secrets secrets.yaml \\\n")
            .Append("  --talos-version ").Append(profile.TalosRelease).Append(" --kubernetes-version ").Append(profile.KubernetesVersion).Append(" \\\n")
            .Append("  --config-patch-control-plane @").Append(prefix).Append("controlplane.patch.yaml \\\n")
            .Append("  --config-patch-worker @").Append(prefix).Append("worker.patch.yaml\n")
            .Append("talosctl apply-config --insecure --nodes ").Append(node).Append(" --file controlplane.yaml   # each control-plane node\n")
            .Append("talosctl apply-config --insecure --nodes <worker IP> --file worker.yaml        # each worker\n")
            .Append("talosctl --talosconfig talosconfig bootstrap --nodes ").Append(node).Append(" --endpoints ").Append(node).Append('\n')
            .Append("talosctl --talosconfig talosconfig kubeconfig --nodes ").Append(node).Append(" --endpoints ").Append(node).Append('\n');
        ApplyManifests(text, input, prefix);
        text.Append("```\n");

        text.Append("\n### With talhelper\n\n")
            .Append("With this directory beside `talconfig.yaml`, give each role its patch (top-level `patches:` would apply one\n")
            .Append("patch to every node; these differ per role):\n\n```yaml\n")
            .Append("controlPlane:\n  patches:\n    - \"@./").Append(outName).Append("/controlplane.patch.yaml\"\n")
            .Append("worker:\n  patches:\n    - \"@./").Append(outName).Append("/worker.patch.yaml\"\n```\n\n")
            .Append("talhelper substitutes `${NAME}` in `@file` patches itself, from `talenv.sops.yaml` or the environment, so it reads the\n")
            .Append("files here as they are: `talhelper genconfig`, then apply as above. The manifests are applied with `kubectl` as above.\n");

        text.Append("\n### With Omni\n\n")
            .Append("Omni does not substitute variables: give it the filled files. In a cluster template:\n\n```yaml\n")
            .Append("kind: ControlPlane\npatches:\n  - name: talguard-hardening\n    file: ").Append(outName).Append('/').Append(prefix).Append("controlplane.patch.yaml\n")
            .Append("---\nkind: Workers\npatches:\n  - name: talguard-hardening\n    file: ").Append(outName).Append('/').Append(prefix).Append("worker.patch.yaml\n```\n\n")
            .Append("then `omnictl cluster template sync --file cluster-template.yaml` (or paste each file as a config patch in the UI).\n");
    }

    private static void ExistingCluster(StringBuilder text, Input input, string prefix, string profileName, string outName)
    {
        text.Append("\n## An existing cluster\n\n")
            .Append("Start from the machine configs the nodes run (the files `talosctl gen config` wrote). `talosctl machineconfig patch`\n")
            .Append("appends list items, so patch the un-hardened configs only; `talguard harden --base` leaves out what a base already has\n")
            .Append("and shows the change:\n\n```sh\n")
            .Append("talguard harden --profile ").Append(profileName).Append(" --out ").Append(outName).Append(" --base controlplane.yaml --base worker.yaml --diff\n")
            .Append("# or, with talosctl:\n")
            .Append("talosctl machineconfig patch controlplane.yaml --patch @").Append(prefix).Append("controlplane.patch.yaml -o controlplane.hardened.yaml\n")
            .Append("talosctl machineconfig patch worker.yaml --patch @").Append(prefix).Append("worker.patch.yaml -o worker.hardened.yaml\n")
            .Append("```\n\n")
            .Append("Then node by node, control-plane nodes one at a time so that etcd keeps its quorum (`merged/controlplane.yaml` or\n")
            .Append("`controlplane.hardened.yaml` for control-plane nodes, the worker file for workers):\n\n```sh\n")
            .Append("talosctl apply-config --nodes <IP> --file controlplane.hardened.yaml --mode=staged\n");
        if (input.Plan.Patches.Any(p => p.Section == Section.DiskEncryption))
        {
            text.Append("# Encryption is set up only on empty partitions: wipe STATE and EPHEMERAL. STATE holds the machine config, so the\n")
                .Append("# node comes back in maintenance mode and takes the config again:\n")
                .Append("talosctl reset --nodes <IP> --system-labels-to-wipe STATE --system-labels-to-wipe EPHEMERAL --reboot\n")
                .Append("talosctl apply-config --insecure --nodes <IP> --file controlplane.hardened.yaml\n");
        }
        else
        {
            text.Append("talosctl reboot --nodes <IP>\n");
        }

        text.Append("talosctl health --nodes <IP>   # before the next node\n");
        ApplyManifests(text, input, prefix);
        text.Append("```\n");
        var existingOnly = input.Plan.Notes.Where(n => n.ExistingClusterOnly).ToList();
        foreach (var section in Section.All.Where(s => existingOnly.Any(n => n.Section == s)))
        {
            text.Append("\n### ").Append(section.Title).Append("\n\n");
            foreach (var note in existingOnly.Where(n => n.Section == section))
            {
                text.Append(note.Markdown.TrimEnd()).Append("\n\n");
            }
        }
    }

    private static void ApplyManifests(StringBuilder text, Input input, string prefix)
    {
        if (input.ManifestFiles.Count > 0)
        {
            text.Append("kubectl apply -f ").Append(prefix).Append("manifests/\n");
        }
    }

    private static void Notes(StringBuilder text, HardeningPlan plan)
    {
        var notes = plan.Notes.Where(n => !n.ExistingClusterOnly).ToList();
        text.Append("\n## Notes by section\n");
        if (notes.Count == 0)
        {
            text.Append("\nNone.\n");
        }

        foreach (var section in Section.All.Where(s => notes.Any(n => n.Section == s)))
        {
            text.Append("\n### ").Append(section.Title).Append("\n\n");
            foreach (var note in notes.Where(n => n.Section == section))
            {
                text.Append(note.Markdown.TrimEnd()).Append("\n\n");
            }
        }
    }

    private static void Accepted(StringBuilder text, HardeningPlan plan)
    {
        text.Append("\n## Findings this profile accepts\n\n");
        if (plan.Accepted.Count == 0)
        {
            text.Append("None: `talguard scan` of the merged configs reports nothing at or above `low`.\n");
            return;
        }

        text.Append("`talguard scan` of the merged configs reports nothing at or above `low` except these, which the profile accepts:\n\n")
            .Append("| rule | why |\n|---|---|\n");
        foreach (var accepted in plan.Accepted)
        {
            text.Append("| ").Append(accepted.RuleId).Append(" | ").Append(accepted.Reason.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }
    }
}
