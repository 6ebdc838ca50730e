using Talguard.Findings;
using Talguard.Hardening.PodSecurity.Rules;
using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>How <c>talguard pss</c> (and scan) evaluate workloads.</summary>
public sealed record PssOptions
{
    /// <summary>Evaluate everything at this level (mode <c>explicit</c>) instead of the namespaces' policies.</summary>
    public PodSecurityLevel? Level { get; init; }

    /// <summary>Replaces the version of the explicit level, or of every namespace mode.</summary>
    public PolicyVersion? Version { get; init; }

    /// <summary>Emulates an API server that knows behaviours up to v1.N (caps <c>latest</c> and newer pins).</summary>
    public int? MaxMinor { get; init; }

    /// <summary>The admission defaults assumed when the inputs hold no admission configuration.</summary>
    public PodSecurityDefaults AssumedDefaults { get; init; } = PodSecurityDefaults.Talos;
}

public enum PssMode
{
    Enforce,
    Audit,
    Warn,
    Explicit,
}

/// <summary>One workload judged in one mode.</summary>
public sealed record PssEvaluation(Workload Workload, PssMode Mode, PodSecurityResult Result)
{
    public string ModeName => Mode.ToString().ToLowerInvariant();
}

/// <summary>What a Pod Security run found: every evaluation, the findings it implies, and notes.</summary>
public sealed record PssReport(
    AdmissionSettings Admission,
    IReadOnlyList<PssEvaluation> Evaluations,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Notices);

/// <summary>
/// Evaluates every workload in the inputs at its namespace's effective enforce, audit and warn levels
/// (labels of Namespace objects in the inputs over the admission defaults; exempt namespaces and runtime
/// classes skipped), or at one explicit level.
/// </summary>
public static class ClusterPodSecurity
{
    public static PssReport Evaluate(ClusterModel model, PssOptions options)
    {
        var evaluator = options.MaxMinor is { } max ? new PodSecurityEvaluator(max) : PodSecurityEvaluator.Default;
        var items = Workloads.Items(model).ToList();
        var admission = AdmissionSettings.From(model, options.AssumedDefaults);
        var namespaces = Namespaces(items);
        var workloads = Workloads.Find(items).ToList();
        var evaluations = new List<PssEvaluation>();
        var findings = new List<Finding>();
        var notices = admission.Errors
            .Select(e => $"{admission.Source}: defaults {e.Key}=\"{e.Value}\": {e.Reason} (falls back as for namespace labels)").ToList();
        if (options.Level is null)
        {
            if (admission.IsAssumed && workloads.Count > 0)
            {
                notices.Add(admission.AssumedNotice);
            }

            AddLabelNotices(namespaces, notices);
        }

        foreach (var workload in workloads)
        {
            var before = evaluations.Count;
            if (options.Level is { } level)
            {
                var explicitLevel = new LevelVersion(level, options.Version ?? PolicyVersion.Latest);
                evaluations.Add(new PssEvaluation(workload, PssMode.Explicit, evaluator.Evaluate(explicitLevel, workload.Pod)));
            }
            else if (Exemption(workload, admission) is { } exemption)
            {
                notices.Add($"{Describe(workload)}: exempt ({exemption}), not evaluated");
                continue;
            }
            else
            {
                var policy = NamespacePolicy.Resolve(namespaces.GetValueOrDefault(workload.Namespace), admission.Defaults);
                var cache = new Dictionary<LevelVersion, PodSecurityResult>();
                foreach (var (mode, levelVersion) in new[] { (PssMode.Enforce, policy.Enforce), (PssMode.Audit, policy.Audit), (PssMode.Warn, policy.Warn) })
                {
                    var pinned = options.Version is { } version ? levelVersion with { Version = version } : levelVersion;
                    if (!cache.TryGetValue(pinned, out var result))
                    {
                        result = cache[pinned] = evaluator.Evaluate(pinned, workload.Pod);
                    }

                    evaluations.Add(new PssEvaluation(workload, mode, result));
                }
            }

            AddFindings(workload, evaluations.Skip(before).ToList(), findings);
        }

        return new PssReport(admission, evaluations, findings, notices);
    }

    /// <summary><c>Deployment/web (shop)</c>: how API server warnings name an object.</summary>
    public static string Describe(Workload workload) => $"{workload.Item.Kind}/{workload.Item.Name} ({workload.Namespace})";

    /// <summary>Namespace objects in the inputs, by name, with their labels (the first one of a name wins).</summary>
    public static Dictionary<string, YamlNode?> Namespaces(IEnumerable<KubernetesItem> items)
    {
        var namespaces = new Dictionary<string, YamlNode?>(StringComparer.Ordinal);
        foreach (var item in items.Where(i => i.Kind == "Namespace" && i.Name.Length > 0))
        {
            namespaces.TryAdd(item.Name, item.Root.At("metadata", "labels"));
        }

        return namespaces;
    }

    private static void AddLabelNotices(Dictionary<string, YamlNode?> namespaces, List<string> notices)
    {
        foreach (var (name, labels) in namespaces)
        {
            var errors = new List<PolicyValueError>();
            NamespacePolicy.Resolve(labels, PodSecurityPolicy.Privileged, errors);
            notices.AddRange(errors.Select(e => $"Namespace {name}: label {e.Key}=\"{e.Value}\": {e.Reason} (falls back as upstream does)"));
        }
    }

    private static string? Exemption(Workload workload, AdmissionSettings admission) =>
        admission.IsExemptNamespace(workload.Namespace) ? "namespace " + workload.Namespace
        : admission.IsExemptRuntimeClass(workload.Pod.RuntimeClassName) ? "runtimeClass " + workload.Pod.RuntimeClassName
        : null;

    /// <summary>
    /// One finding per violated check: TG-PSS-006 when the enforce (or explicit) level is violated,
    /// else TG-PSS-007 for the first of audit and warn that is.
    /// </summary>
    private static void AddFindings(Workload workload, List<PssEvaluation> evaluations, List<Finding> findings)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var evaluation in evaluations.Where(e => e.Mode is PssMode.Enforce or PssMode.Explicit))
        {
            foreach (var violation in evaluation.Result.Violations)
            {
                reported.Add(violation.CheckId);
                findings.Add(Build(EnforceViolationRule.Definition, workload, evaluation, violation, $"violates PodSecurity \"{evaluation.Result.LevelVersion}\": {violation}"));
            }
        }

        foreach (var evaluation in evaluations.Where(e => e.Mode is PssMode.Audit or PssMode.Warn))
        {
            foreach (var violation in evaluation.Result.Violations)
            {
                if (reported.Add(violation.CheckId))
                {
                    var modes = string.Join(", ", evaluations.Where(e => e.Mode is PssMode.Audit or PssMode.Warn && e.Result.Violations.Any(v => v.CheckId == violation.CheckId)).Select(e => e.ModeName));
                    findings.Add(Build(AuditWarnViolationRule.Definition, workload, evaluation, violation,
                        $"would violate PodSecurity \"{evaluation.Result.LevelVersion}\" ({modes}): {violation}"));
                }
            }
        }
    }

    private static Finding Build(RuleDescriptor rule, Workload workload, PssEvaluation evaluation, PodSecurityViolation violation, string message)
    {
        var edits = new PodEdits();
        violation.Check.Remedy(workload.Pod, evaluation.Result.EffectiveMinor, edits);
        var location = Location.At(workload.Item.Document, violation.Field.Nearest, violation.Field.Path);
        return new Finding(rule, rule.Severity, message, location, workload.Item.Reference, RemediationPatch.Render(edits.Items));
    }
}
