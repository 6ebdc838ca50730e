using Talguard.Findings;
using Talguard.Hardening.AuditLogging;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>What <c>talguard audit lint PATH...</c> asks for.</summary>
public sealed record AuditLintRequest
{
    /// <summary>Policies, Talos configs or patches, or directories of them; <c>-</c> reads <see cref="StandardInput"/>.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>The lowest severity that fails the run; null: no finding does.</summary>
    public Severity? FailOn { get; init; } = Severity.High;

    public Func<Stream>? StandardInput { get; init; }
}

/// <summary>
/// A rule that logs request bodies (level Request or RequestResponse) for high-volume reads: the first matching rule
/// for <see cref="Captures"/>, each a verb and resource such as <c>watch pods</c>.
/// </summary>
/// <param name="Within">For a policy read from elsewhere (a file content, Talos's default), what it is; else null.</param>
public sealed record AuditNoiseEstimate(int RuleIndex, string Level, Location Location, string? Within, IReadOnlyList<string> Captures)
{
    /// <summary>How many of the representative high-volume reads the rule decides, of how many there are.</summary>
    public string Estimate => $"{Captures.Count} of {AuditLintService.HighVolumeReadCount} high-volume reads";
}

/// <summary>The AUD findings of a lint run, the noise estimate of every policy linted, and how the run ends.</summary>
public sealed record AuditLintResult(ScanResult Report, IReadOnlyList<AuditNoiseEstimate> Noise, ServiceOutcome Outcome);

/// <summary>
/// <c>talguard audit lint</c>: the audit-logging rules (and only those) over the inputs, run as a scan runs them,
/// plus which rules log bodies of the reads every cluster makes all the time (controllers, kubelets and
/// schedulers list and watch pods, events, endpoints, leases, nodes and config maps without pause).
/// </summary>
public static class AuditLintService
{
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    /// <summary>The high-volume resources: group, resource, and whether it lives in a namespace.</summary>
    private static readonly (string Group, string Resource, bool Namespaced)[] HighVolumeResources =
    [
        ("", "pods", true),
        ("", "events", true),
        ("events.k8s.io", "events", true),
        ("", "endpoints", true),
        ("discovery.k8s.io", "endpointslices", true),
        ("coordination.k8s.io", "leases", true),
        ("", "nodes", false),
        ("", "configmaps", true),
    ];

    /// <summary>The identities that make most of those reads.</summary>
    private static readonly AuditUser[] SystemReaders =
    [
        new("system:kube-controller-manager", ["system:authenticated"]),
        new("system:kube-scheduler", ["system:authenticated"]),
        new("system:kube-proxy", ["system:authenticated"]),
        new("system:node:worker-1", ["system:nodes", "system:authenticated"]),
        new("system:serviceaccount:kube-system:coredns", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]),
    ];

    public static int HighVolumeReadCount => ReadVerbs.Length * HighVolumeResources.Length;

    public static AuditLintResult Run(AuditLintRequest request)
    {
        var inputs = InputLoader.List(request.Paths, request.StandardInput);
        var loaded = inputs.Load();
        if (loaded.Files.Count == 0 && loaded.Errors is [var first, ..])
        {
            throw new InputException(first.File, first.Line, first.Message);
        }

        var model = new ClusterModel([.. loaded.Files]);
        var report = Scanner.Scan(model, new ScanOptions(), AuditLoggingRules.Instance.ScanRules)
            .WithInputs(inputs.Notices, loaded.Errors, loaded.Skipped);
        var noise = AuditPolicySources.Find(model, out _)
            .Where(target => target.DecodeProblems.Count == 0)
            .SelectMany(Estimate)
            .ToList();
        return new AuditLintResult(report, noise, ServiceOutcomes.Of(report, request.FailOn));
    }

    /// <summary>The rules of one policy that decide a high-volume read at Request or RequestResponse, in rule order.</summary>
    public static IReadOnlyList<AuditNoiseEstimate> Estimate(AuditPolicyTarget target)
    {
        var policy = target.Policy;
        var evaluator = new AuditPolicyEvaluator(policy);
        var identities = RepresentativeRequests.Identities(policy).Concat(SystemReaders).ToList();
        var namespaces = policy.Rules.SelectMany(r => r.Namespaces).Where(n => n.Length > 0).Append("kube-system").Distinct(StringComparer.Ordinal).ToList();
        var captures = new HashSet<string>[policy.Rules.Count];
        foreach (var (group, resource, namespaced) in HighVolumeResources)
        {
            foreach (var verb in ReadVerbs)
            {
                var capture = group.Length == 0 ? $"{verb} {resource}" : $"{verb} {resource}.{group}";
                foreach (var read in Reads(verb, group, resource, namespaced, namespaces))
                {
                    foreach (var user in identities)
                    {
                        var decision = evaluator.Evaluate(read with { User = user });
                        if (decision.RuleIndex >= 0 && AuditLevel.Rank(decision.Level) >= AuditLevel.Rank(AuditLevel.Request))
                        {
                            (captures[decision.RuleIndex] ??= new HashSet<string>(StringComparer.Ordinal)).Add(capture);
                        }
                    }
                }
            }
        }

        var estimates = new List<AuditNoiseEstimate>();
        for (var i = 0; i < captures.Length; i++)
        {
            if (captures[i] is { } captured)
            {
                var rule = policy.Rules[i];
                var within = target.Description is { } description ? $"{description}, {rule.Path}" : null;
                estimates.Add(new AuditNoiseEstimate(i, rule.Level, target.Locate(rule.Node, rule.Path), within, [.. InReadOrder(captured)]));
            }
        }

        return estimates;
    }

    /// <summary>One read per scope: a named object in each namespace, and collections there and across all namespaces.</summary>
    private static IEnumerable<AuditRequest> Reads(string verb, string group, string resource, bool namespaced, List<string> namespaces)
    {
        var scopes = namespaced ? namespaces.Append(string.Empty) : [string.Empty];
        foreach (var ns in scopes)
        {
            var name = verb == "get" ? "some-object" : string.Empty;
            if (verb == "get" && namespaced && ns.Length == 0)
            {
                continue;
            }

            yield return new AuditRequest { Verb = verb, IsResourceRequest = true, ApiGroup = group, Resource = resource, Namespace = ns, Name = name };
        }
    }

    /// <summary>Resources in the order of <see cref="HighVolumeResources"/>, verbs get, list, watch within each.</summary>
    private static IEnumerable<string> InReadOrder(HashSet<string> captured)
    {
        foreach (var (group, resource, _) in HighVolumeResources)
        {
            foreach (var verb in ReadVerbs)
            {
                var capture = group.Length == 0 ? $"{verb} {resource}" : $"{verb} {resource}.{group}";
                if (captured.Contains(capture))
                {
                    yield return capture;
                }
            }
        }
    }
}
