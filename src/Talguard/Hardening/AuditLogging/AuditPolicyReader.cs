using Talguard.Model;

namespace Talguard.Hardening.AuditLogging;

/// <summary>Something the API server refuses in a policy: the node at fault and its path inside the policy.</summary>
/// <param name="Node">The offending node, or the nearest existing one when the field is missing.</param>
/// <param name="Path">Relative to the policy root (<c>rules[2].level</c>); empty for the policy itself.</param>
public sealed record AuditPolicyProblem(YamlNode? Node, string Path, string Message);

/// <summary>A policy read from YAML and what the API server's decoder refuses in it.</summary>
/// <param name="DecodeProblems">Values that do not decode: what the policy means is not known past them.</param>
/// <param name="FormProblems">
/// Refused, but the rules still read as written: a missing or unserved <c>apiVersion</c>/<c>kind</c>, or
/// (when read strictly) a field the Policy type does not have.
/// </param>
public sealed record AuditPolicyReadResult(AuditPolicy Policy, IReadOnlyList<AuditPolicyProblem> DecodeProblems, IReadOnlyList<AuditPolicyProblem> FormProblems)
{
    public AuditPolicyReadResult(AuditPolicy policy, IReadOnlyList<AuditPolicyProblem> decodeProblems)
        : this(policy, decodeProblems, [])
    {
    }
}

/// <summary>
/// Reads an <c>audit.k8s.io/v1</c> Policy from a YAML tree (a standalone manifest or Talos's inline
/// <c>cluster.apiServer.auditPolicy</c>). Fields the API server's decoder ignores are ignored; values
/// it cannot decode (a mapping where a list belongs, a number where a string belongs) are reported.
/// </summary>
public static class AuditPolicyReader
{
    private static readonly string[] PolicyFields = ["apiVersion", "kind", "metadata", "rules", "omitStages", "omitManagedFields"];
    private static readonly string[] RuleFields =
        ["level", "users", "userGroups", "verbs", "resources", "namespaces", "nonResourceURLs", "omitStages", "omitManagedFields"];
    private static readonly string[] GroupResourcesFields = ["group", "resources", "resourceNames"];

    /// <param name="root">The Policy mapping.</param>
    /// <param name="rejectUnknownFields">
    /// True for a policy Talos renders (inline <c>auditPolicy</c>, <c>KubeAuditPolicyConfig</c>): Talos converts it
    /// to the typed Policy rejecting unknown fields. The API server itself falls back to lenient decoding.
    /// </param>
    public static AuditPolicyReadResult Read(YamlNode root, bool rejectUnknownFields = false)
    {
        var problems = new List<AuditPolicyProblem>();
        if (!root.IsMapping)
        {
            problems.Add(new(root, string.Empty, "the audit policy is not a mapping"));
            return new(new AuditPolicy { Node = root }, problems);
        }

        var form = CheckHeader(root);
        if (rejectUnknownFields)
        {
            CheckFields(root, form);
        }

        var rules = new List<AuditPolicyRule>();
        if (SequenceAt(root, "rules", "rules", problems) is { } rulesNode)
        {
            foreach (var item in rulesNode.Items)
            {
                rules.Add(ReadRule(item, rules.Count, problems));
            }
        }

        var policy = new AuditPolicy
        {
            Node = root,
            Rules = rules,
            OmitStages = Strings(root, "omitStages", "omitStages", problems),
            OmitManagedFields = Bool(root, "omitManagedFields", "omitManagedFields", problems) ?? false,
        };
        return new(policy, problems, form);
    }

    /// <summary>The policy file is decoded by its type fields, so both must be there and name the v1 Policy.</summary>
    private static List<AuditPolicyProblem> CheckHeader(YamlNode root)
    {
        var problems = new List<AuditPolicyProblem>();
        var apiVersion = root["apiVersion"];
        if (apiVersion is null || apiVersion.IsNull)
        {
            problems.Add(new(root, "apiVersion", $"apiVersion is missing: the API server cannot decode the policy without apiVersion: {AuditPolicy.ApiVersionV1}"));
        }
        else if (apiVersion.Value != AuditPolicy.ApiVersionV1)
        {
            problems.Add(new(apiVersion, "apiVersion",
                $"apiVersion \"{apiVersion.Value}\" is not served: the API server loads only {AuditPolicy.ApiVersionV1} policies"));
        }

        var kind = root["kind"];
        if (kind is null || kind.IsNull)
        {
            problems.Add(new(root, "kind", "kind is missing: the API server cannot decode the policy without kind: Policy"));
        }
        else if (kind.Value != "Policy")
        {
            problems.Add(new(kind, "kind", $"kind \"{kind.Value}\" is not an audit Policy"));
        }

        return problems;
    }

    /// <summary>Fields the typed Policy does not have, at every level Talos converts.</summary>
    private static void CheckFields(YamlNode root, List<AuditPolicyProblem> problems)
    {
        ReportUnknown(root, PolicyFields, string.Empty, problems);
        var rules = root["rules"];
        for (var i = 0; rules is { IsSequence: true } && i < rules.Items.Count; i++)
        {
            var rulePath = YamlPath.Item("rules", i);
            ReportUnknown(rules.Items[i], RuleFields, rulePath, problems);
            var resources = rules.Items[i]["resources"];
            for (var j = 0; resources is { IsSequence: true } && j < resources.Items.Count; j++)
            {
                ReportUnknown(resources.Items[j], GroupResourcesFields, YamlPath.Item(YamlPath.Child(rulePath, "resources"), j), problems);
            }
        }
    }

    private static void ReportUnknown(YamlNode node, string[] known, string path, List<AuditPolicyProblem> problems)
    {
        foreach (var (key, _) in node.Entries)
        {
            if (!known.Contains(key.Value, StringComparer.Ordinal))
            {
                problems.Add(new(key, YamlPath.Child(path, key.Value),
                    $"unknown field \"{key.Value}\": Talos converts the policy strictly and refuses to render it"));
            }
        }
    }

    private static AuditPolicyRule ReadRule(YamlNode node, int index, List<AuditPolicyProblem> problems)
    {
        var path = YamlPath.Item("rules", index);
        if (node.IsNull)
        {
            return new AuditPolicyRule { Index = index, Node = node };
        }

        if (!node.IsMapping)
        {
            problems.Add(new(node, path, "a rule must be a mapping"));
            return new AuditPolicyRule { Index = index, Node = node };
        }

        var resources = new List<AuditGroupResources>();
        if (SequenceAt(node, "resources", YamlPath.Child(path, "resources"), problems) is { } resourcesNode)
        {
            foreach (var item in resourcesNode.Items)
            {
                resources.Add(ReadGroupResources(item, YamlPath.Item(YamlPath.Child(path, "resources"), resources.Count), resources.Count, problems));
            }
        }

        return new AuditPolicyRule
        {
            Index = index,
            Node = node,
            Level = String(node, "level", YamlPath.Child(path, "level"), problems),
            Users = Strings(node, "users", YamlPath.Child(path, "users"), problems),
            UserGroups = Strings(node, "userGroups", YamlPath.Child(path, "userGroups"), problems),
            Verbs = Strings(node, "verbs", YamlPath.Child(path, "verbs"), problems),
            Resources = resources,
            Namespaces = Strings(node, "namespaces", YamlPath.Child(path, "namespaces"), problems),
            NonResourceUrls = Strings(node, "nonResourceURLs", YamlPath.Child(path, "nonResourceURLs"), problems),
            OmitStages = Strings(node, "omitStages", YamlPath.Child(path, "omitStages"), problems),
            OmitManagedFields = Bool(node, "omitManagedFields", YamlPath.Child(path, "omitManagedFields"), problems),
        };
    }

    private static AuditGroupResources ReadGroupResources(YamlNode node, string path, int index, List<AuditPolicyProblem> problems)
    {
        if (node.IsNull)
        {
            return new AuditGroupResources { Node = node, Index = index };
        }

        if (!node.IsMapping)
        {
            problems.Add(new(node, path, "a resources entry must be a mapping with group, resources and resourceNames"));
            return new AuditGroupResources { Node = node, Index = index };
        }

        return new AuditGroupResources
        {
            Node = node,
            Index = index,
            Group = String(node, "group", YamlPath.Child(path, "group"), problems),
            Resources = Strings(node, "resources", YamlPath.Child(path, "resources"), problems),
            ResourceNames = Strings(node, "resourceNames", YamlPath.Child(path, "resourceNames"), problems),
        };
    }

    private static YamlNode? SequenceAt(YamlNode parent, string key, string path, List<AuditPolicyProblem> problems)
    {
        var node = parent[key];
        if (node is null || node.IsNull)
        {
            return null;
        }

        if (!node.IsSequence)
        {
            problems.Add(new(node, path, $"{key} must be a list"));
            return null;
        }

        return node;
    }

    private static List<string> Strings(YamlNode parent, string key, string path, List<AuditPolicyProblem> problems)
    {
        var values = new List<string>();
        if (SequenceAt(parent, key, path, problems) is not { } list)
        {
            return values;
        }

        foreach (var item in list.Items)
        {
            values.Add(ScalarString(item, YamlPath.Item(path, values.Count), problems));
        }

        return values;
    }

    private static string String(YamlNode parent, string key, string path, List<AuditPolicyProblem> problems) =>
        parent[key] is { } node ? ScalarString(node, path, problems) : string.Empty;

    /// <summary>A JSON string after YAML-to-JSON conversion: null is empty, numbers and booleans do not decode.</summary>
    private static string ScalarString(YamlNode node, string path, List<AuditPolicyProblem> problems)
    {
        if (node.IsNull)
        {
            return string.Empty;
        }

        if (!node.IsScalar)
        {
            problems.Add(new(node, path, "must be a string, not a " + (node.IsMapping ? "mapping" : "list")));
            return string.Empty;
        }

        if (node.IsPlain && node.Tag is null && (node.Value is "true" or "false" || IsNumber(node.Value)))
        {
            problems.Add(new(node, path, $"{node.Value} must be a string (quote it)"));
        }

        return node.Value;
    }

    private static bool? Bool(YamlNode parent, string key, string path, List<AuditPolicyProblem> problems)
    {
        var node = parent[key];
        if (node is null || node.IsNull)
        {
            return null;
        }

        if (node.IsScalar && node.IsPlain && node.Value is "true" or "false")
        {
            return node.Value == "true";
        }

        problems.Add(new(node, path, $"{key} must be true or false"));
        return null;
    }

    private static bool IsNumber(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) &&
        text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
}
