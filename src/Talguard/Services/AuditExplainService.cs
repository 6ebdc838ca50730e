using System.Text.Json;
using Talguard.Findings;
using Talguard.Hardening.AuditLogging;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Services;

/// <summary>What the API server decides for one request: level, omitted stages and the rule that decided.</summary>
/// <param name="RuleIndex">The first matching rule (0-based), null when no rule matched (level None, nothing audited).</param>
/// <param name="Location">Where that rule is written; null when no rule matched.</param>
public sealed record AuditExplanation(AuditRequest Request, string Level, IReadOnlyList<string> OmitStages, bool OmitManagedFields, int? RuleIndex, Location? Location);

/// <summary>One line of a <c>--requests</c> file: its explanation, or why the line is not a request.</summary>
/// <param name="Line">1-based line number in the requests input.</param>
public sealed record AuditExplainLine(int Line, AuditExplanation? Explanation, string? Error);

/// <summary>
/// <c>talguard audit explain</c>: the audit policy a file gives the API server, read once, and the decision of the
/// API server's policy checker for any number of requests.
/// </summary>
public sealed class AuditExplainService
{
    private readonly AuditPolicyTarget _target;
    private readonly AuditPolicyEvaluator _evaluator;
    private readonly Location?[] _ruleLocations;

    private AuditExplainService(AuditPolicyTarget target)
    {
        _target = target;
        _evaluator = new AuditPolicyEvaluator(target.Policy);
        _ruleLocations = [.. target.Policy.Rules.Select(r => (Location?)target.Locate(r.Node, r.Path))];
    }

    /// <summary>The policy explained: its file and, for a policy read from elsewhere, what it is.</summary>
    public AuditPolicyTarget Policy => _target;

    /// <summary>
    /// Reads the policy <paramref name="path"/> gives the API server, deciding by content: a standalone
    /// <c>audit.k8s.io</c> Policy, or a Talos control-plane config or patch (inline <c>cluster.apiServer.auditPolicy</c>,
    /// a v1.14 <c>KubeAuditPolicyConfig</c> document, a policy file placed through <c>machine.files</c>, or Talos's default).
    /// A policy the API server would refuse is an input error naming the place.
    /// </summary>
    public static AuditExplainService Load(string path, Func<Stream>? standardInput = null)
    {
        var files = InputLoader.Load([path], standardInput);
        var model = new ClusterModel(files);
        var display = files.Count > 0 ? files[0].DisplayPath : path;
        var targets = AuditPolicySources.Find(model, out var unknown);
        if (targets.Count == 0)
        {
            throw new InputException(display, unknown ?? "no audit policy in it: expected an audit.k8s.io Policy or a Talos control-plane config or patch that sets cluster.apiServer.auditPolicy");
        }

        if (targets.Count > 1)
        {
            var second = targets[1].Locate(targets[1].Policy.Node, string.Empty);
            throw new InputException(display, second.Line, $"{targets.Count} audit policies in it: give a file with one");
        }

        var target = targets[0];
        if (target.DecodeProblems.Concat(target.FormProblems).Concat(AuditPolicyValidator.Validate(target.Policy)).FirstOrDefault() is { } problem)
        {
            var at = target.Locate(problem.Node, problem.Path);
            var place = target.Description is { } description ? $"{description}, {problem.Path}" : problem.Path;
            throw new InputException(at.File, at.Line, $"{place}: {problem.Message} (the API server refuses this policy)");
        }

        return new AuditExplainService(target);
    }

    public AuditExplanation Explain(AuditRequest request)
    {
        var decision = _evaluator.Evaluate(request);
        return decision.RuleIndex < 0
            ? new AuditExplanation(request, decision.Level, decision.OmitStages, decision.OmitManagedFields, null, null)
            : new AuditExplanation(request, decision.Level, decision.OmitStages, decision.OmitManagedFields, decision.RuleIndex, _ruleLocations[decision.RuleIndex]);
    }

    /// <summary>
    /// Explains one request per line of <paramref name="requests"/> (JSON objects, see <see cref="AuditRequestJson"/>),
    /// in order and as they are read. A line that is not a request gives an error line and the next lines still run;
    /// blank lines are skipped.
    /// </summary>
    public IEnumerable<AuditExplainLine> ExplainLines(TextReader requests)
    {
        var number = 0;
        while (requests.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return AuditRequestJson.TryParse(line, out var request, out var error)
                ? new AuditExplainLine(number, Explain(request), null)
                : new AuditExplainLine(number, null, error);
        }
    }
}

/// <summary>The audit policies of a loaded input set, the same ones the AUD rules judge.</summary>
public static class AuditPolicySources
{
    /// <summary>
    /// Standalone audit Policy documents and the effective policy of each control-plane config or patch that has one.
    /// <paramref name="unknownReason"/> says why a config's policy could not be known, when that is the only answer.
    /// </summary>
    public static IReadOnlyList<AuditPolicyTarget> Find(ClusterModel model, out string? unknownReason)
    {
        unknownReason = null;
        var targets = new List<AuditPolicyTarget>();
        foreach (var file in model.TalosFiles)
        {
            if (file.Role == NodeRole.Worker)
            {
                unknownReason ??= "a worker config: only control-plane nodes run the API server and its audit policy";
                continue;
            }

            var effective = EffectiveAuditPolicy.Resolve(file);
            if (effective.Target is { } target)
            {
                targets.Add(target);
            }
            else if (effective.PolicyFileEmpty)
            {
                unknownReason ??= $"{AuditSettings.PolicyFileArg} is empty: the API server records no events";
            }
            else if (effective.UnknownReason is { } reason)
            {
                unknownReason ??= "its audit policy is not among the inputs: " + reason;
            }
        }

        targets.AddRange(model.KubernetesObjects
            .Where(d => d.Kind == "Policy" && d.ApiVersion.StartsWith("audit.k8s.io/", StringComparison.Ordinal) && d.Root is not null)
            .Select(d => AuditPolicyTarget.InDocument(d, d.Root!, string.Empty, renderedByTalos: false)));
        return targets;
    }
}

/// <summary>
/// A request as one JSON object: <c>user</c>, <c>groups</c>, <c>verb</c>, <c>apiGroup</c>, <c>resource</c>,
/// <c>subresource</c>, <c>namespace</c>, <c>name</c>, <c>path</c>; an absent key is empty. Without <c>user</c> and
/// <c>groups</c> the request carries no user. A resource request names <c>resource</c>; a non-resource one <c>path</c>.
/// </summary>
public static class AuditRequestJson
{
    public static bool TryParse(string line, out AuditRequest request, out string? error)
    {
        request = new AuditRequest();
        error = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return false;
            }

            string? user = null;
            List<string>? groups = null;
            string verb = string.Empty, apiGroup = string.Empty, resource = string.Empty, subresource = string.Empty;
            string ns = string.Empty, name = string.Empty, path = string.Empty;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "groups")
                {
                    if (!TryStrings(property.Value, out groups))
                    {
                        error = "groups must be a list of strings";
                        return false;
                    }

                    continue;
                }

                if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    error = KnownKeys.Contains(property.Name) ? $"{property.Name} must be a string" : UnknownKey(property.Name);
                    return false;
                }

                var value = property.Value.GetString() ?? string.Empty;
                switch (property.Name)
                {
                    case "user": user = value; break;
                    case "verb": verb = value; break;
                    case "apiGroup": apiGroup = value; break;
                    case "resource": resource = value; break;
                    case "subresource": subresource = value; break;
                    case "namespace": ns = value; break;
                    case "name": name = value; break;
                    case "path": path = value; break;
                    default:
                        error = UnknownKey(property.Name);
                        return false;
                }
            }

            if (TryBuild(user, groups, verb, apiGroup, resource, subresource, ns, name, path, out request, out var problem))
            {
                return true;
            }

            error = Describe(problem!.Value);
            return false;
        }
        catch (JsonException ex)
        {
            error = "not valid JSON: " + FirstSentence(ex.Message);
            return false;
        }
    }

    /// <summary>Checks and assembles a request from its attributes (as the command line or a JSON line gives them).</summary>
    /// <param name="problem">What makes the attributes no request; null when they are one.</param>
    public static bool TryBuild(string? user, IReadOnlyList<string>? groups, string verb, string apiGroup, string resource, string subresource,
        string ns, string name, string path, out AuditRequest request, out AuditRequestProblem? problem)
    {
        request = new AuditRequest();
        problem = resource.Length > 0 && path.Length > 0 ? AuditRequestProblem.ResourceAndPath
            : resource.Length == 0 && path.Length == 0 ? AuditRequestProblem.NeitherResourceNorPath
            : verb.Length == 0 ? AuditRequestProblem.NoVerb
            : path.Length > 0 && (apiGroup.Length > 0 || subresource.Length > 0 || ns.Length > 0 || name.Length > 0) ? AuditRequestProblem.PathWithResourceAttributes
            : path.Length > 0 && !path.StartsWith('/') ? AuditRequestProblem.RelativePath
            : null;
        if (problem is not null)
        {
            return false;
        }

        var identity = user is null && groups is null ? null : new AuditUser(user ?? string.Empty, groups ?? []);
        request = path.Length > 0
            ? new AuditRequest { User = identity, Verb = verb, Path = StripQuery(path) }
            : new AuditRequest
            {
                User = identity,
                Verb = verb,
                IsResourceRequest = true,
                ApiGroup = apiGroup,
                Resource = resource,
                Subresource = subresource,
                Namespace = ns,
                Name = name,
                Path = ResourcePath(apiGroup, resource, subresource, ns, name),
            };
        return true;
    }

    private static string Describe(AuditRequestProblem problem) => problem switch
    {
        AuditRequestProblem.ResourceAndPath => "give either resource (a resource request) or path (a non-resource URL), not both",
        AuditRequestProblem.NeitherResourceNorPath => "give resource (a resource request) or path (a non-resource URL)",
        AuditRequestProblem.NoVerb => "verb is missing",
        AuditRequestProblem.PathWithResourceAttributes => "a non-resource request (path) has no apiGroup, subresource, namespace or name",
        _ => "path must start with /",
    };

    private static readonly HashSet<string> KnownKeys = ["user", "groups", "verb", "apiGroup", "resource", "subresource", "namespace", "name", "path"];

    private static string UnknownKey(string key) => $"unknown key \"{key}\" (known: {string.Join(", ", KnownKeys)})";

    private static bool TryStrings(JsonElement element, out List<string>? values)
    {
        values = [];
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            values.Add(item.GetString()!);
        }

        return true;
    }

    /// <summary>The policy checker compares the path without its query string.</summary>
    private static string StripQuery(string path) => path.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? path[..at] : path;

    private static string ResourcePath(string apiGroup, string resource, string subresource, string ns, string name)
    {
        var prefix = apiGroup.Length == 0 ? "/api/v1" : $"/apis/{apiGroup}/v1";
        var scope = ns.Length == 0 ? string.Empty : $"/namespaces/{ns}";
        var item = name.Length == 0 ? string.Empty : "/" + name;
        var sub = subresource.Length == 0 ? string.Empty : "/" + subresource;
        return $"{prefix}{scope}/{resource}{item}{sub}";
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}

/// <summary>Why request attributes are not a request the policy checker can judge.</summary>
public enum AuditRequestProblem
{
    ResourceAndPath,
    NeitherResourceNorPath,
    NoVerb,
    PathWithResourceAttributes,
    RelativePath,
}
