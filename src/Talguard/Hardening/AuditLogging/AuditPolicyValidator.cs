using System.Text.RegularExpressions;
using Talguard.Model;

namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// The checks the API server runs when it loads a policy file; any problem stops it from starting.
/// Each problem names the offending field.
/// </summary>
public static partial class AuditPolicyValidator
{
    private const int MaxSubdomainLength = 253;

    public static IReadOnlyList<AuditPolicyProblem> Validate(AuditPolicy policy)
    {
        var problems = new List<AuditPolicyProblem>();
        ValidateStages(policy.Node, policy.OmitStages, "omitStages", problems);
        foreach (var rule in policy.Rules)
        {
            ValidateRule(rule, problems);
        }

        if (policy.Rules.Count == 0)
        {
            problems.Add(new(policy.Node?["rules"] ?? policy.Node, "rules",
                "the policy has no rules: the API server refuses it (\"loaded illegal policy with 0 rules\")"));
        }

        return problems;
    }

    private static void ValidateRule(AuditPolicyRule rule, List<AuditPolicyProblem> problems)
    {
        var levelPath = YamlPath.Child(rule.Path, "level");
        if (rule.Level.Length == 0)
        {
            problems.Add(new(rule.Node?["level"] ?? rule.Node, levelPath, "level is required"));
        }
        else if (!AuditLevel.IsValid(rule.Level))
        {
            problems.Add(new(rule.Node?["level"], levelPath,
                $"level \"{rule.Level}\" is not supported: use None, Metadata, Request or RequestResponse (case-sensitive)"));
        }

        ValidateUrls(rule, problems);
        for (var i = 0; i < rule.Resources.Count; i++)
        {
            ValidateGroupResources(rule, rule.Resources[i], problems);
        }

        ValidateStages(rule.Node, rule.OmitStages, YamlPath.Child(rule.Path, "omitStages"), problems);
        if (rule.NonResourceUrls.Count > 0 && rule.HasResourceScope)
        {
            problems.Add(new(rule.Node?["nonResourceURLs"], YamlPath.Child(rule.Path, "nonResourceURLs"),
                "rules cannot apply to both regular resources and non-resource URLs (nonResourceURLs with resources or namespaces)"));
        }
    }

    private static void ValidateUrls(AuditPolicyRule rule, List<AuditPolicyProblem> problems)
    {
        var path = YamlPath.Child(rule.Path, "nonResourceURLs");
        for (var i = 0; i < rule.NonResourceUrls.Count; i++)
        {
            var url = rule.NonResourceUrls[i];
            if (url == "*")
            {
                continue;
            }

            var node = ItemNode(rule.Node?["nonResourceURLs"], i);
            if (!url.StartsWith('/'))
            {
                problems.Add(new(node, YamlPath.Item(path, i), $"non-resource URL \"{url}\" must begin with '/'"));
            }

            if (url.Length > 0 && url.AsSpan(0, url.Length - 1).Contains('*'))
            {
                problems.Add(new(node, YamlPath.Item(path, i), $"non-resource URL \"{url}\" has a '*' that is not its final character"));
            }
        }
    }

    private static void ValidateGroupResources(AuditPolicyRule rule, AuditGroupResources entry, List<AuditPolicyProblem> problems)
    {
        var path = YamlPath.Item(YamlPath.Child(rule.Path, "resources"), entry.Index);
        if (entry.Group.Length > 0 && !IsDnsSubdomain(entry.Group))
        {
            var hint = entry.Group.Contains('/', StringComparison.Ordinal) ? " (leave the version out)" : string.Empty;
            problems.Add(new(entry.Node?["group"], YamlPath.Child(path, "group"),
                $"group \"{entry.Group}\" is not a DNS subdomain{hint}"));
        }

        if (entry.ResourceNames.Count > 0 && entry.Resources.Count == 0)
        {
            problems.Add(new(entry.Node?["resourceNames"], YamlPath.Child(path, "resourceNames"),
                "using resourceNames requires at least one resource"));
        }
    }

    private static void ValidateStages(YamlNode? owner, IReadOnlyList<string> stages, string path, List<AuditPolicyProblem> problems)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            if (!AuditStage.IsValid(stages[i]))
            {
                problems.Add(new(ItemNode(owner?["omitStages"], i), YamlPath.Item(path, i),
                    $"stage \"{stages[i]}\" is not one of RequestReceived, ResponseStarted, ResponseComplete, Panic"));
            }
        }
    }

    /// <summary>RFC 1123 subdomain, as Kubernetes validates API group names.</summary>
    public static bool IsDnsSubdomain(string value) => value.Length <= MaxSubdomainLength && DnsSubdomain().IsMatch(value);

    private static YamlNode? ItemNode(YamlNode? list, int index) =>
        list is { IsSequence: true } && index < list.Items.Count ? list.Items[index] : list;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();
}
