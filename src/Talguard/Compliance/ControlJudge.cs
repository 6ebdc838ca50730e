using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Services;

namespace Talguard.Compliance;

/// <summary>
/// Decides each control of a catalog from one run's inputs (docs/compliance.md, "How a status is decided"):
/// not-applicable by the catalog; fail on an active finding of a mapped rule or a config value that weakens a Talos
/// default; pass when mapped rules ran and found nothing or Talos meets it by default on the configs given; else
/// manual, with the reason, unless an attestation in force decides it.
/// </summary>
internal sealed class ControlJudge
{
    private readonly ComplianceCatalog _catalog;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<RuleDescriptor>> _rulesByControl;
    private readonly Dictionary<string, List<Finding>> _findingsByRule = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _filesByRule = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<TalosConfigFile> _controlPlanes;
    private readonly IReadOnlyList<TalosConfigFile> _nodes;
    private readonly bool _hasManifests;
    private readonly IReadOnlyList<Attestation> _attestations;
    private readonly DateOnly _today;
    private readonly List<string> _notices = [];

    public ControlJudge(ComplianceCatalog catalog, ScanResult scan, VerifyResult? verified, ClusterModel model, IReadOnlyList<Attestation> attestations, DateOnly today)
    {
        _catalog = catalog;
        _rulesByControl = ComplianceCatalogs.RulesByControl(catalog.Framework.Id);
        foreach (var finding in scan.Active.Concat(verified?.Report.Active ?? []))
        {
            if (!_findingsByRule.TryGetValue(finding.Rule.Id, out var findings))
            {
                _findingsByRule[finding.Rule.Id] = findings = [];
            }

            findings.Add(finding);
        }

        foreach (var (file, rules) in scan.RulesByFile.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var rule in rules)
            {
                AddFile(rule.Id, file);
            }
        }

        if (verified is not null)
        {
            // The bundle's judges run every evidence rule; what they could not see is listed as not collected (a notice).
            var manifest = verified.Report.Files.FirstOrDefault() ?? "evidence bundle";
            foreach (var rule in RuleCatalog.Descriptors.Where(r => r.Inputs.HasFlag(RuleInputs.NodeEvidence)))
            {
                AddFile(rule.Id, manifest);
            }
        }

        _controlPlanes = [.. model.ControlPlanes.Where(f => f.IsNodeConfig)];
        _nodes = [.. model.NodeConfigs];
        _hasManifests = model.KubernetesObjects.Count > 0;
        _attestations = attestations;
        _today = today;
    }

    /// <summary>What the run should say besides the verdicts: attestations that were not used, and why.</summary>
    public IReadOnlyList<string> Notices => _notices;

    public ControlResult Judge(CatalogControl control)
    {
        var rules = _rulesByControl.GetValueOrDefault(control.Id) ?? [];
        var findings = rules.SelectMany(r => _findingsByRule.GetValueOrDefault(r.Id) ?? []).Where(f => Concerns(control, f)).ToList();
        findings.Sort(Finding.Compare);
        var ran = rules.Where(r => _filesByRule.ContainsKey(r.Id)).ToList();
        var evidence = new List<ControlEvidence>();
        var weakened = new List<string>();
        var unmet = new List<string>();
        foreach (var probe in control.Probes)
        {
            Probe(probe, evidence, weakened, unmet);
        }

        var (status, reason) = Decide(control, rules, ran, findings, weakened, unmet, evidence);
        var result = new ControlResult(
            control.Id, control.Title, control.Section, status, [.. rules.Select(r => r.Id)], evidence, findings, reason, Attestation: null)
        {
            Automated = control.Automated,
            SectionTitle = _catalog.SectionTitles.GetValueOrDefault(control.Section, string.Empty),
        };
        return Attested(result);
    }

    private (ControlStatus Status, string? Reason) Decide(
        CatalogControl control, IReadOnlyList<RuleDescriptor> rules, List<RuleDescriptor> ran, List<Finding> findings,
        List<string> weakened, List<string> unmet, List<ControlEvidence> evidence)
    {
        if (control.Talos == TalosApplicability.NotApplicable)
        {
            evidence.Clear();
            return (ControlStatus.NotApplicable, control.Note);
        }

        if (findings.Count > 0 || weakened.Count > 0)
        {
            return (ControlStatus.Fail, weakened.Count > 0 ? string.Join("; ", weakened) : null);
        }

        var scoped = ScopeFiles(control.Scope);
        if (control.Talos == TalosApplicability.TalosDefault && control.Since is { } since
            && scoped.Where(f => f.TalosVersion < since).Select(f => $"{f.File.DisplayPath} targets Talos {f.TalosVersion}").ToList() is [_, ..] older)
        {
            return (ControlStatus.Fail, $"Talos meets this by default only since {since}: {string.Join(", ", older)}");
        }

        var scopeGiven = control.Scope switch
        {
            ControlScope.Manifests => _hasManifests,
            ControlScope.Cluster => false,
            _ => scoped.Count > 0,
        };
        AddRuleEvidence(rules, ran, evidence);
        if (control.Talos == TalosApplicability.TalosDefault && (scopeGiven || ran.Count > 0))
        {
            var sinceText = control.Since is { } version ? $" since {version}" : string.Empty;
            evidence.Insert(0, new ControlEvidence($"Talos default{sinceText}: {control.Note}"));
            return (ControlStatus.Pass, null);
        }

        if (unmet.Count > 0 || (control.Probes.Any(p => p.Required) && scoped.Count == 0))
        {
            return (ControlStatus.Manual, Joined(unmet.Count > 0 ? string.Join("; ", unmet) : NotGiven(control.Scope), control.Note));
        }

        if (control.Probes.Any(p => p.Required) || ran.Count > 0)
        {
            return (ControlStatus.Pass, null);
        }

        if (rules.Count > 0)
        {
            return (ControlStatus.Manual, $"not evaluated: its rules ({string.Join(", ", rules.Select(r => r.Id))}) judge {InputsOf(rules)}, and none was given");
        }

        if (control.Talos == TalosApplicability.TalosDefault)
        {
            return (ControlStatus.Manual, $"not evaluated: {NotGiven(control.Scope)}");
        }

        return (ControlStatus.Manual, Joined("no automated check: needs an attestation", control.Note));
    }

    /// <summary>
    /// Whether a finding of a mapped rule is about this control. A rule may judge one flag on several components
    /// (TG-K8S-002: profiling of the API server, controller manager and scheduler) or several flags of one
    /// (TG-K8S-006: the kubelet's read-only port and anonymous auth); where the control probes particular settings, a
    /// finding on another component's or another flag's setting is not about it. Any other finding is.
    /// </summary>
    private static bool Concerns(CatalogControl control, Finding finding)
    {
        if (control.Probes.Count == 0)
        {
            return true;
        }

        var path = finding.Location.Path;
        var setting = SettingRoots.FirstOrDefault(root => Under(path, root));
        return setting is null
            || control.Probes.Any(p => Under(path, p.DisplayPath) || (path == setting && p.DisplayPath.StartsWith(setting + ".", StringComparison.Ordinal)));
    }

    /// <summary>The v1alpha1 mappings probes read from: each component's <c>extraArgs</c> and the kubelet's <c>extraConfig</c>.</summary>
    private static readonly string[] SettingRoots =
        [.. KubeComponent.All.Select(c => string.Join('.', c.MachineConfigPath)), "machine.kubelet.extraConfig"];

    private static bool Under(string path, string root) =>
        path.StartsWith(root, StringComparison.Ordinal) && (path.Length == root.Length || path[root.Length] is '.' or '[');

    /// <summary>An attestation in force decides a manual control; it never overrides what the automated checks decided.</summary>
    private ControlResult Attested(ControlResult result)
    {
        if (_attestations.FirstOrDefault(a => a.Control == result.Id) is not { } attestation)
        {
            return result;
        }

        var where = $"{attestation.File}:{attestation.Line}";
        if (result.Status != ControlStatus.Manual)
        {
            _notices.Add($"{where}: the attestation of {_catalog.Framework.Id} {result.Id} is not used: the control is judged automatically ({result.Status.ToName()})"
                + (result.Status == ControlStatus.Fail ? "; an attestation cannot turn a failing check into a pass" : string.Empty));
            return result;
        }

        if (attestation.ExpiredOn(_today))
        {
            return result with
            {
                Attestation = attestation,
                Reason = $"the attestation by {attestation.Owner} ({where}) expired on {attestation.Expiry:yyyy-MM-dd}; {result.Reason}",
            };
        }

        var expiry = attestation.Expiry is { } day ? $", expires {day:yyyy-MM-dd}" : string.Empty;
        return result with
        {
            Status = attestation.Status,
            Attestation = attestation,
            Evidence = [.. result.Evidence, new ControlEvidence($"attested {attestation.Status.ToName()} by {attestation.Owner} on {attestation.Date:yyyy-MM-dd}{expiry}: {attestation.Evidence}", attestation.File, Line: attestation.Line)],
            Reason = attestation.Status == ControlStatus.NotApplicable ? attestation.Evidence : null,
        };
    }

    /// <summary>Reads <paramref name="probe"/> in every config of its scope: each value (or its absence) is evidence.</summary>
    private void Probe(ConfigProbe probe, List<ControlEvidence> evidence, List<string> weakened, List<string> unmet)
    {
        foreach (var file in probe.ControlPlaneOnly ? _controlPlanes : _nodes)
        {
            var name = file.File.DisplayPath;
            var values = probe.Read(file);
            if (values.Count == 0)
            {
                var fallback = probe.Default is { } value ? $" (Talos default {probe.Name.Split('.')[^1]}={value} applies)" : string.Empty;
                evidence.Add(new ControlEvidence($"{name}: {probe.DisplayPath} not set in the config{fallback}", name, probe.DisplayPath));
                if (probe.Required)
                {
                    unmet.Add($"{name} does not set {probe.DisplayPath}");
                }

                continue;
            }

            foreach (var (value, node) in values)
            {
                var line = node.Start.Line;
                evidence.Add(new ControlEvidence($"{name}:{line} {node.Path} = \"{value}\"", name, node.Path, line));
                if (probe.IsBad(value))
                {
                    weakened.Add($"{name}:{line} {node.Path} = \"{value}\" overrides the Talos default");
                }
            }
        }
    }

    /// <summary>One line per mapped rule: where it ran and found nothing, or that it did not run and on what it would have.</summary>
    private void AddRuleEvidence(IReadOnlyList<RuleDescriptor> rules, List<RuleDescriptor> ran, List<ControlEvidence> evidence)
    {
        foreach (var rule in rules)
        {
            if (ran.Contains(rule))
            {
                var files = _filesByRule[rule.Id];
                var where = files.Count <= 3 ? string.Join(", ", files) : $"{files.Count} files ({string.Join(", ", files.Take(3))}, ...)";
                evidence.Add(new ControlEvidence($"{rule.Id} ({rule.Title}) found nothing in {where}", files.Count == 1 ? files[0] : null));
            }
            else if (ran.Count > 0)
            {
                evidence.Add(new ControlEvidence($"{rule.Id} did not run: no {InputsOf([rule])} given"));
            }
        }
    }

    private List<TalosConfigFile> ScopeFiles(ControlScope scope) => scope switch
    {
        ControlScope.ControlPlane => [.. _controlPlanes],
        ControlScope.Node => [.. _nodes],
        _ => [],
    };

    private static string NotGiven(ControlScope scope) => scope switch
    {
        ControlScope.ControlPlane => "no control-plane machine config was given",
        ControlScope.Node => "no node machine config was given",
        ControlScope.Manifests => "no Kubernetes manifests were given",
        _ => "no input shows it",
    };

    /// <summary>The kinds of input <paramref name="rules"/> read, in words (<c>control-plane configs or Talos patches</c>).</summary>
    private static string InputsOf(IEnumerable<RuleDescriptor> rules)
    {
        var inputs = rules.Aggregate(RuleInputs.None, (all, rule) => all | rule.Inputs);
        var names = new List<string>();
        if ((inputs & RuleInputs.NodeConfig) == RuleInputs.NodeConfig)
        {
            names.Add("machine configs");
        }
        else if (inputs.HasFlag(RuleInputs.ControlPlaneConfig))
        {
            names.Add("control-plane configs");
        }
        else if (inputs.HasFlag(RuleInputs.WorkerConfig))
        {
            names.Add("worker configs");
        }

        (RuleInputs Input, string Name)[] others =
        [
            (RuleInputs.TalosPatch, "Talos patches"),
            (RuleInputs.KubernetesManifest, "Kubernetes manifests"),
            (RuleInputs.Credentials, "talosconfigs, kubeconfigs or secrets bundles"),
            (RuleInputs.EtcdSnapshot, "etcd snapshots"),
            (RuleInputs.EfiFile, "Secure Boot files"),
            (RuleInputs.NodeEvidence, "evidence bundles (--evidence)"),
        ];
        names.AddRange(others.Where(o => inputs.HasFlag(o.Input)).Select(o => o.Name));
        return names.Count == 0 ? "no input" : string.Join(" or ", names);
    }

    private static string Joined(string first, string second) => second.Length == 0 ? first : $"{first}: {second}";

    private void AddFile(string ruleId, string file)
    {
        if (!_filesByRule.TryGetValue(ruleId, out var files))
        {
            _filesByRule[ruleId] = files = [];
        }

        if (!files.Contains(file, StringComparer.Ordinal))
        {
            files.Add(file);
        }
    }
}
