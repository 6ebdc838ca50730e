using System.Reflection;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Compliance;

/// <summary>What Talos does about a control (the catalog's <c>talos</c> column).</summary>
internal enum TalosApplicability
{
    /// <summary>The control applies; the mapped rules, the probes or an attestation decide it.</summary>
    Applicable,

    /// <summary>The control cannot apply to Talos by design; the note says why.</summary>
    NotApplicable,

    /// <summary>Talos meets the control by default; the note is the evidence, and findings or probes can still fail it.</summary>
    TalosDefault,
}

/// <summary>The inputs a control is judged on when no mapped rule ran (the catalog's <c>scope</c> column).</summary>
internal enum ControlScope
{
    /// <summary>A control-plane machine config.</summary>
    ControlPlane,

    /// <summary>Any node machine config (control plane or worker).</summary>
    Node,

    /// <summary>Kubernetes manifests.</summary>
    Manifests,

    /// <summary>The cluster and the people running it: no input shows it by itself.</summary>
    Cluster,
}

/// <summary>One control of a catalog: its identifiers and what Talos does about it.</summary>
internal sealed record CatalogControl(
    string Id,
    string Section,
    bool Automated,
    ControlScope Scope,
    TalosApplicability Talos,
    TalosVersion? Since,
    IReadOnlyList<ConfigProbe> Probes,
    string Title,
    string Note);

/// <summary>
/// A framework's controls as Talguard ships them: tab-separated text embedded in the engine
/// (<c>Compliance/Catalogs/*.tsv</c>, format in docs/compliance.md), read once per run.
/// </summary>
internal sealed class ComplianceCatalog
{
    private ComplianceCatalog(ComplianceFramework framework, IReadOnlyDictionary<string, string> sectionTitles, IReadOnlyList<CatalogControl> controls)
    {
        Framework = framework;
        SectionTitles = sectionTitles;
        Controls = controls;
    }

    public ComplianceFramework Framework { get; }

    public IReadOnlyDictionary<string, string> SectionTitles { get; }

    /// <summary>Every control in catalog order.</summary>
    public IReadOnlyList<CatalogControl> Controls { get; }

    public CatalogControl? Find(string id) => Controls.FirstOrDefault(c => c.Id == id);

    /// <summary>Reads the catalog text; a malformed line is a defect of the shipped data and throws <see cref="InvalidDataException"/>.</summary>
    public static ComplianceCatalog Parse(string name, TextReader text)
    {
        ComplianceFramework? framework = null;
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        var controls = new List<CatalogControl>();
        var lineNumber = 0;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            var where = $"{name}:{lineNumber}";
            switch (cells[0])
            {
                case "framework" when cells.Length == 4:
                    framework = new ComplianceFramework(cells[1], cells[2], cells[3]);
                    break;
                case "section" when cells.Length == 3:
                    sections[cells[1]] = cells[2];
                    break;
                case "control" when cells.Length == 10:
                    controls.Add(ParseControl(cells, where));
                    break;
                default:
                    throw new InvalidDataException($"{where}: unknown or incomplete record");
            }
        }

        return framework is null
            ? throw new InvalidDataException($"{name}: no framework record")
            : new ComplianceCatalog(framework, sections, controls);
    }

    private static CatalogControl ParseControl(string[] cells, string where)
    {
        var mode = cells[3] switch
        {
            "automated" => true,
            "manual" => false,
            _ => throw new InvalidDataException($"{where}: mode must be automated or manual"),
        };
        var scope = cells[4] switch
        {
            "control-plane" => ControlScope.ControlPlane,
            "node" => ControlScope.Node,
            "manifests" => ControlScope.Manifests,
            "cluster" => ControlScope.Cluster,
            _ => throw new InvalidDataException($"{where}: unknown scope {cells[4]}"),
        };
        var talos = cells[5] switch
        {
            "applicable" => TalosApplicability.Applicable,
            "not-applicable" => TalosApplicability.NotApplicable,
            "talos-default" => TalosApplicability.TalosDefault,
            _ => throw new InvalidDataException($"{where}: unknown applicability {cells[5]}"),
        };
        TalosVersion? since = cells[6] == "-" ? null : TalosVersion.Parse(cells[6]);
        var probes = cells[7] == "-" ? [] : cells[7].Split(' ').Select(p => ConfigProbe.Parse(p, where)).ToList();
        var note = cells[9] == "-" ? string.Empty : cells[9];
        return new CatalogControl(cells[1], cells[2], mode, scope, talos, since, probes, cells[8], note);
    }
}

/// <summary>The frameworks Talguard reports on, their catalogs, and the rules mapped to each control.</summary>
public static class ComplianceCatalogs
{
    /// <summary>The <c>--framework</c> values, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Keys { get; } = [RuleControls.CisKey, RuleControls.PciDssKey, RuleControls.Soc2Key];

    private static readonly Dictionary<string, Lazy<ComplianceCatalog>> Catalogs = Keys.ToDictionary(
        key => key, key => new Lazy<ComplianceCatalog>(() => Load(key)), StringComparer.Ordinal);

    /// <summary>The catalog of <paramref name="key"/>; null for an unknown framework.</summary>
    internal static ComplianceCatalog? Get(string key) => Catalogs.TryGetValue(key, out var catalog) ? catalog.Value : null;

    /// <summary>
    /// The mapping inverted: for each control ID of <paramref name="key"/>, the rules whose descriptors name it, sorted
    /// by ID. Rules declare their controls (<see cref="RuleDescriptor.Controls"/>); the catalogs never list rules.
    /// </summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<RuleDescriptor>> RulesByControl(string key)
    {
        var map = new Dictionary<string, List<RuleDescriptor>>(StringComparer.Ordinal);
        foreach (var rule in RuleCatalog.Descriptors)
        {
            foreach (var control in ControlsOf(rule.Controls, key))
            {
                if (!map.TryGetValue(control, out var rules))
                {
                    map[control] = rules = [];
                }

                rules.Add(rule);
            }
        }

        return map.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<RuleDescriptor>)[.. pair.Value.DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal)],
            StringComparer.Ordinal);
    }

    /// <summary>The control IDs <paramref name="controls"/> names in framework <paramref name="key"/>.</summary>
    internal static IReadOnlyList<string> ControlsOf(RuleControls controls, string key) => key switch
    {
        RuleControls.CisKey => controls.Cis,
        RuleControls.PciDssKey => controls.PciDss,
        RuleControls.Soc2Key => controls.Soc2,
        _ => [],
    };

    private static ComplianceCatalog Load(string key)
    {
        var resource = $"Talguard.Compliance.Catalogs.{key}.tsv";
        using var stream = typeof(ComplianceCatalogs).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the catalog {resource} is not embedded");
        using var reader = new StreamReader(stream);
        return ComplianceCatalog.Parse(key + ".tsv", reader);
    }
}
