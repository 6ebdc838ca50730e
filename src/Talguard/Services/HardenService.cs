using System.Text;
using System.Text.RegularExpressions;
using Talguard.Artifacts;
using Talguard.Evidence.Collection;
using Talguard.Hardening;
using Talguard.Model;
using FileIdentity = Talguard.Artifacts.FileIdentity;
using FileKind = Talguard.Artifacts.FileKind;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using Talguard.Reports;

namespace Talguard.Services;

/// <summary>What <c>talguard harden</c> asks for.</summary>
public sealed record HardenRequest
{
    /// <summary>The profile file (<c>talguard init</c> writes one).</summary>
    public required string Profile { get; init; }

    /// <summary>The output directory: absent, empty or a previous harden output (unless <see cref="Force"/>); replaced as a whole.</summary>
    public required string Output { get; init; }

    /// <summary>Machine configs (<c>talosctl gen config</c> output) to merge the hardening onto, each into <c>merged/NAME</c>.</summary>
    public IReadOnlyList<string> Bases { get; init; } = [];

    /// <summary>Fill the <c>${TALGUARD_...}</c> placeholders from <see cref="Environment"/>; files that then hold a secret are mode 0600.</summary>
    public bool InlineSecrets { get; init; }

    /// <summary>Replace an output directory that holds something other than a previous harden output.</summary>
    public bool Force { get; init; }

    /// <summary>The environment <see cref="InlineSecrets"/> reads (the host passes its own); unset names give null.</summary>
    public Func<string, string?> Environment { get; init; } = _ => null;
}

/// <summary>A base config with the hardening merged onto it: where the merge went and what it changed (secrets redacted).</summary>
public sealed record HardenedBase(string Base, string Role, string MergedFile, string Diff);

/// <summary>What <c>talguard harden</c> wrote: the directory, its files (relative, sorted) and each base's merge.</summary>
public sealed record HardenResult(string Output, IReadOnlyList<string> Files, IReadOnlyList<HardenedBase> Bases, IReadOnlyList<string> Placeholders, IReadOnlyList<string> AcceptedRuleIds);

/// <summary>
/// <c>talguard harden</c>: runs every section's generator over the profile and writes the output directory all at
/// once (<see cref="ArtifactWriter.WriteDirectory"/>): the control-plane and worker patches, <c>manifests/</c>,
/// <c>secrets.env.example</c>, a <c>README.md</c> with the commands in order, and for each base its merge. Same
/// profile and bases, same bytes.
/// </summary>
public static partial class HardenService
{
    /// <summary>The file that marks a directory as harden's output, which the next run may replace.</summary>
    public const string MarkerFile = ".talguard-harden";

    private const string MarkerText = "This directory was written by talguard harden; the next run replaces it as a whole.\n";

    public static HardenResult Run(HardenRequest request)
    {
        CheckOutput(request);
        var profile = ProfileReader.Load(request.Profile);
        return Run(request, profile, HardeningGenerators.All);
    }

    /// <summary>As <see cref="Run(HardenRequest)"/> with a profile already read and the given generators.</summary>
    internal static HardenResult Run(HardenRequest request, HardeningProfile profile, IReadOnlyList<IHardeningGenerator> generators)
    {
        CheckOutput(request);
        var bases = request.Bases.Select(LoadBase).ToList();
        var plan = HardeningComposer.Plan(profile, generators);
        var profileName = Path.GetFileName(request.Profile);
        var roles = new Dictionary<PatchTargets, List<ConfigMapping>>
        {
            [PatchTargets.ControlPlane] = HardeningComposer.RoleDocuments(plan, PatchTargets.ControlPlane),
            [PatchTargets.Worker] = HardeningComposer.RoleDocuments(plan, PatchTargets.Worker),
        };
        var manifests = HardeningComposer.ManifestFiles(plan).Select(f => (File: CheckedName(f), Documents: HardeningComposer.ManifestDocuments(plan, f))).ToList();
        var placeholders = Placeholders(plan, roles.Values.Concat(manifests.Select(m => m.Documents)));
        var values = request.InlineSecrets ? Values(placeholders, request.Environment) : null;

        var artifacts = new List<Artifact>();
        foreach (var (role, documents) in roles)
        {
            var secret = values is not null && Substitute(documents, values);
            artifacts.Add(Text(HardeningComposer.RolePatchFile(role), HardeningComposer.RolePatch(profile, profileName, documents, role), secret));
        }

        foreach (var (file, documents) in manifests)
        {
            var secret = values is not null && Substitute(documents, values);
            artifacts.Add(Text("manifests/" + file, HardeningComposer.Manifest(profile, profileName, file, documents), secret));
        }

        var hardened = new List<HardenedBase>();
        foreach (var loaded in bases)
        {
            var merged = HardeningMerge.Merge(loaded.Documents, roles[loaded.Role]);
            var name = "merged/" + loaded.Name;
            if (artifacts.Exists(a => a.Name == name))
            {
                throw new InputException(loaded.File.DisplayPath, $"another --base has the file name {loaded.Name}; merged/ would hold both");
            }

            var text = Normalized(name, ConfigYamlWriter.Write(merged));
            // A machine config holds the cluster's keys and tokens: its merge is private whatever the profile.
            artifacts.Add(Text(name, text, secret: true));
            var roleName = loaded.Role == PatchTargets.ControlPlane ? "controlplane" : "worker";
            hardened.Add(new HardenedBase(loaded.File.DisplayPath, roleName, name, Diff(loaded, text)));
        }

        artifacts.Add(Text("secrets.env.example", SecretsExample(plan, placeholders), secret: false));
        artifacts.Add(Text("README.md", HardenReadme.Write(new HardenReadme.Input(profile, request.Profile, request.Output, plan, placeholders, manifests.Select(m => m.File).ToList(),
            [.. hardened.Select(h => (h.MergedFile, h.Role))], request.InlineSecrets)), secret: false));
        artifacts.Add(Text(MarkerFile, MarkerText, secret: false));
        artifacts.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        ArtifactWriter.WriteDirectory(request.Output, artifacts);
        return new HardenResult(request.Output, [.. artifacts.Select(a => a.Name).Where(n => n != MarkerFile)], hardened, placeholders, [.. plan.Accepted.Select(a => a.RuleId)]);
    }

    /// <summary>
    /// The output may be replaced only when it is absent, empty or harden's own; with --force any directory may,
    /// but never one holding an input (the run would delete what it reads).
    /// </summary>
    private static void CheckOutput(HardenRequest request)
    {
        var target = ArtifactWriter.FinalTarget(request.Output);
        var kind = FileIdentity.Of(target, followLinks: false).Kind;
        if (kind == FileKind.Missing)
        {
            return;
        }

        if (kind != FileKind.Directory)
        {
            throw new ArtifactException(request.Output, "exists and is not a directory");
        }

        var ours = File.Exists(Path.Combine(target, MarkerFile));
        if (!ours && Directory.EnumerateFileSystemEntries(target).Any())
        {
            if (!request.Force)
            {
                throw new ArtifactException(request.Output, $"is not empty and is no talguard harden output (no {MarkerFile}); choose another directory or use --force to replace it");
            }

            var inside = target.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            foreach (var input in request.Bases.Prepend(request.Profile))
            {
                if (ArtifactWriter.FinalTarget(input).StartsWith(inside, StringComparison.Ordinal))
                {
                    throw new ArtifactException(request.Output, $"holds the input {input}, which --force would delete");
                }
            }
        }
    }

    private sealed record LoadedBase(SourceFile File, string Name, PatchTargets Role, List<ConfigMapping> Documents);

    private static LoadedBase LoadBase(string path)
    {
        var loaded = InputLoader.List([path]).Load();
        if (loaded.Errors is [var error, ..])
        {
            throw new InputException(error.File, error.Line, error.Message);
        }

        var file = loaded.Files.Count == 1 ? loaded.Files[0] : throw new InputException(path, "--base takes a machine config file, not a directory");
        var type = file.MachineConfig?.At("machine", "type")?.AsString()
            ?? throw new InputException(file.DisplayPath, "not a Talos machine config (no machine.type): --base takes a controlplane.yaml or worker.yaml");
        var role = type switch
        {
            "controlplane" or "init" => PatchTargets.ControlPlane,
            "worker" => PatchTargets.Worker,
            _ => throw new InputException(file.DisplayPath, file.MachineConfig!.At("machine", "type")!.Start.Line, $"machine.type '{type}' is none of controlplane, init, worker"),
        };
        return new LoadedBase(file, Path.GetFileName(path), role, TalosPatchApplier.Documents(file));
    }

    /// <summary>
    /// The merge as it reads back and is written again: a value the patch asked to quote is written as the base's values
    /// are, so hardening the merge once more gives the same bytes.
    /// </summary>
    private static string Normalized(string name, string text) =>
        ConfigYamlWriter.Write(TalosPatchApplier.Documents(InputLoader.Parse(name, null, text)));

    /// <summary>What hardening changes in a base: its documents as the writer puts them, against the merge, with secrets redacted on both sides.</summary>
    private static string Diff(LoadedBase loaded, string merged)
    {
        var before = MachineConfigRedactor.Redact(ConfigYamlWriter.Write(loaded.Documents));
        var after = MachineConfigRedactor.Redact(merged);
        return before is null || after is null
            ? $"--- a/{loaded.Name}\n+++ b/merged/{loaded.Name}\n(diff withheld: the config could not be checked for secrets)\n"
            : UnifiedDiff.Write("a/" + loaded.Name, "b/merged/" + loaded.Name, before, after);
    }

    /// <summary>Every placeholder the plan declares, then any other <c>${TALGUARD_...}</c> its documents use, sorted by name.</summary>
    private static List<string> Placeholders(HardeningPlan plan, IEnumerable<List<ConfigMapping>> documents)
    {
        var names = new SortedSet<string>(plan.Placeholders.Select(p => p.Name), StringComparer.Ordinal);
        foreach (var scalar in documents.SelectMany(d => d).SelectMany(Scalars))
        {
            foreach (Match match in PlaceholderPattern().Matches(scalar.Text))
            {
                names.Add(match.Groups["name"].Value);
            }
        }

        return [.. names];
    }

    private static Dictionary<string, string> Values(List<string> placeholders, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in placeholders)
        {
            values[name] = environment(name) is { Length: > 0 } value
                ? value
                : throw new InputException("--inline-secrets", $"the environment variable {name} is not set (see secrets.env.example for what it holds)");
        }

        return values;
    }

    /// <summary>Replaces the placeholders in every scalar of <paramref name="documents"/>; true when one was replaced.</summary>
    internal static bool Substitute(List<ConfigMapping> documents, IReadOnlyDictionary<string, string> values)
    {
        var replaced = false;
        for (var i = 0; i < documents.Count; i++)
        {
            documents[i] = (ConfigMapping)Substitute(documents[i], values, ref replaced);
        }

        return replaced;
    }

    private static ConfigNode Substitute(ConfigNode node, IReadOnlyDictionary<string, string> values, ref bool replaced)
    {
        switch (node)
        {
            case ConfigMapping mapping:
                foreach (var (key, value) in mapping.Entries.ToList())
                {
                    mapping[key] = Substitute(value, values, ref replaced);
                }

                return mapping;
            case ConfigSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    sequence.Items[i] = Substitute(sequence.Items[i], values, ref replaced);
                }

                return sequence;
            case ConfigScalar { Kind: ScalarKind.String } scalar when PlaceholderPattern().IsMatch(scalar.Text):
                replaced = true;
                var text = PlaceholderPattern().Replace(scalar.Text, m => values.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);
                return new ConfigScalar(ScalarKind.String, text) { Line = scalar.Line, Origin = scalar.Origin, Comment = scalar.Comment, PreferQuoted = true };
            default:
                return node;
        }
    }

    private static IEnumerable<ConfigScalar> Scalars(ConfigNode node) => node switch
    {
        ConfigMapping mapping => mapping.Entries.SelectMany(e => Scalars(e.Value)),
        ConfigSequence sequence => sequence.Items.SelectMany(Scalars),
        ConfigScalar scalar => [scalar],
        _ => [],
    };

    private static string SecretsExample(HardeningPlan plan, List<string> placeholders)
    {
        var text = new StringBuilder()
            .Append("# The secrets the hardened patches and manifests refer to as ${NAME}. Copy this file to secrets.env\n")
            .Append("# (mode 0600, never committed), fill in each value, then load it with: set -a; . ./secrets.env; set +a\n")
            .Append("# ").Append(HardeningComposer.GeneratedNotice).Append('\n');
        if (placeholders.Count == 0)
        {
            text.Append("#\n# This profile needs no secrets.\n");
        }

        foreach (var name in placeholders)
        {
            var description = plan.Placeholders.FirstOrDefault(p => p.Name == name)?.Description ?? "a secret the generated files refer to";
            text.Append('\n');
            foreach (var line in description.Split('\n'))
            {
                text.Append("# ").Append(line.TrimEnd()).Append('\n');
            }

            text.Append(name).Append("=\n");
        }

        return text.ToString();
    }

    /// <summary>A manifest file name as a generator gave it: a plain YAML file name, never a path.</summary>
    private static string CheckedName(string fileName) =>
        fileName.Length > 0 && fileName.IndexOfAny(['/', '\\', '\0']) < 0 && fileName is not ("." or "..") && fileName.EndsWith(".yaml", StringComparison.Ordinal)
            ? fileName
            : throw new InvalidOperationException($"a generator planned the manifest file name '{fileName}': it must be a plain *.yaml file name");

    private static Artifact Text(string name, string text, bool secret) => new(name, Encoding.UTF8.GetBytes(text), secret);

    [GeneratedRegex(@"\$\{(?<name>TALGUARD_[A-Z0-9_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
