using Talguard.Model;

namespace Talguard.Hardening.AuditLogging;

/// <summary>Something the API server refuses in a policy: the node at fault and its path inside the policy.</summary>
/// <param name="Node">The offending node, or the nearest existing one when the field is missing.</param>
/// <param name="Path">Relative to the policy root (<c>rules[2].level</c>); empty for the policy itself.</param>
public sealed record AuditPolicyProblem(YamlNode? Node, string Path, string Message);

/// <summary>A policy read from YAML and what stopped the API server from decoding parts of it.</summary>
public sealed record AuditPolicyReadResult(AuditPolicy Policy, IReadOnlyList<AuditPolicyProblem> DecodeProblems);

/// <summary>
/// Reads an <c>audit.k8s.io/v1</c> Policy from a YAML tree (a standalone manifest or Talos's inline
/// <c>cluster.apiServer.auditPolicy</c>). Fields the API server's decoder ignores are ignored; values
/// it cannot decode (a mapping where a list belongs, a number where a string belongs) are reported.
/// </summary>
public static class AuditPolicyReader
{
    public static AuditPolicyReadResult Read(YamlNode root)
    {
        var problems = new List<AuditPolicyProblem>();
        if (!root.IsMapping)
        {
            problems.Add(new(root, string.Empty, "the audit policy is not a mapping"));
            return new(new AuditPolicy { Node = root }, problems);
        }

        CheckHeader(root, problems);
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
        return new(policy, problems);
    }

    private static void CheckHeader(YamlNode root, List<AuditPolicyProblem> problems)
    {
        if (root["apiVersion"] is { } apiVersion && !apiVersion.IsNull && apiVersion.Value != AuditPolicy.ApiVersionV1)
        {
            problems.Add(new(apiVersion, "apiVersion",
                $"apiVersion \"{apiVersion.Value}\" is not served: the API server loads only {AuditPolicy.ApiVersionV1} policies"));
        }

        if (root["kind"] is { } kind && !kind.IsNull && kind.Value != "Policy")
        {
            problems.Add(new(kind, "kind", $"kind \"{kind.Value}\" is not an audit Policy"));
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
