using System.Globalization;
using System.Text;
using System.Text.Json;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>
/// <c>rbac who-can</c> and <c>rbac explain</c> answers: for people, each grant as its chain (subject ← binding → role →
/// rule, each with file:line), or as JSON with the same content. Grants come sorted from the service, so same input, same bytes.
/// </summary>
public static class RbacReportWriter
{
    private const string Arrow = " → ";

    public static string WhoCanText(RbacWhoCanResult result)
    {
        var text = new StringBuilder();
        var target = result.IsNonResourceUrl ? $"non-resource URL {result.Resource}" : $"{result.Resource} (API group {GroupName(result.ApiGroup)})";
        var where = result.IsNonResourceUrl ? string.Empty : result.Namespace is null ? " in any namespace" : $" in namespace {result.Namespace}";
        text.Append(CultureInfo.InvariantCulture, $"Who can {result.Verb} {target}{where}: {Count(result.Grants.Count, "grant")}\n");
        foreach (var grant in result.Grants)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"{grant.Subject}  [{ScopeText(grant)}]\n");
            AppendChain(text, grant, withRule: true);
        }

        AppendNotes(text, result.Notes);
        return text.ToString();
    }

    public static string ExplainText(RbacExplainResult result)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{result.Subject}: {Count(result.Grants.Count, "grant")}\n");
        var also = result.Identities.Skip(1).ToList();
        if (also.Count > 0)
        {
            text.Append("matched also as: ").Append(string.Join(", ", also)).Append('\n');
        }

        foreach (var grant in result.Grants)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"[{ScopeText(grant)}]");
            if (!grant.Subject.Equals(result.Subject))
            {
                text.Append(" as ").Append(grant.Subject);
            }

            text.Append('\n');
            AppendChain(text, grant, withRule: true);
        }

        AppendNotes(text, result.Notes);
        return text.ToString();
    }

    public static string WhoCanJson(RbacWhoCanResult result) => Json(json =>
    {
        json.WriteString("verb", result.Verb);
        json.WriteString(result.IsNonResourceUrl ? "nonResourceURL" : "resource", result.Resource);
        if (!result.IsNonResourceUrl)
        {
            json.WriteString("apiGroup", result.ApiGroup);
            WriteNullable(json, "namespace", result.Namespace);
        }

        WriteGrants(json, result.Grants);
        WriteStrings(json, "notes", result.Notes);
    });

    public static string ExplainJson(RbacExplainResult result) => Json(json =>
    {
        json.WritePropertyName("subject");
        WriteSubject(json, result.Subject);
        json.WriteStartArray("identities");
        foreach (var identity in result.Identities)
        {
            WriteSubject(json, identity);
        }

        json.WriteEndArray();
        WriteGrants(json, result.Grants);
        WriteStrings(json, "notes", result.Notes);
    });

    private static void AppendChain(StringBuilder text, RbacGrant grant, bool withRule)
    {
        if (grant.Binding is not null)
        {
            text.Append("  ← ").Append(grant.Binding);
            if (grant.Role is not null)
            {
                text.Append(Arrow).Append(grant.Role);
            }

            if (grant.RuleOwner is not null)
            {
                text.Append(Arrow).Append("aggregated from ").Append(grant.RuleOwner);
            }

            if (withRule && grant.RuleIndex is { } index)
            {
                text.Append(Arrow).Append(CultureInfo.InvariantCulture, $"rule {index}");
                if (grant.RulePlace is not null)
                {
                    text.Append(" (").Append(grant.RulePlace).Append(')');
                }
            }

            text.Append('\n');
        }

        if (grant.Rule is { } rule)
        {
            text.Append("    ").Append(RuleText(rule)).Append('\n');
        }

        foreach (var note in grant.Notes)
        {
            text.Append("    note: ").Append(note).Append('\n');
        }
    }

    private static string RuleText(RbacRuleText rule)
    {
        var parts = new List<string> { "verbs " + string.Join(",", rule.Verbs) };
        if (rule.Resources.Count > 0)
        {
            parts.Add("resources " + string.Join(",", rule.Resources));
            parts.Add("apiGroups " + string.Join(",", rule.ApiGroups.Select(GroupName)));
        }

        if (rule.ResourceNames.Count > 0)
        {
            parts.Add("resourceNames " + string.Join(",", rule.ResourceNames));
        }

        if (rule.NonResourceUrls.Count > 0)
        {
            parts.Add("nonResourceURLs " + string.Join(",", rule.NonResourceUrls));
        }

        return string.Join("; ", parts);
    }

    private static void AppendNotes(StringBuilder text, IReadOnlyList<string> notes)
    {
        if (notes.Count > 0)
        {
            text.Append('\n');
        }

        foreach (var note in notes)
        {
            text.Append("note: ").Append(note).Append('\n');
        }
    }

    private static string ScopeText(RbacGrant grant) => grant.Namespace is null ? "cluster-wide" : "namespace " + grant.Namespace;

    private static string GroupName(string group) => group.Length == 0 ? "core" : group;

    private static string Count(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static string Json(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonReportWriter.WriterOptions))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteGrants(Utf8JsonWriter json, IReadOnlyList<RbacGrant> grants)
    {
        json.WriteStartArray("grants");
        foreach (var grant in grants)
        {
            json.WriteStartObject();
            json.WritePropertyName("subject");
            WriteSubject(json, grant.Subject);
            WriteNullable(json, "namespace", grant.Namespace);
            WriteObject(json, "binding", grant.Binding);
            WriteObject(json, "role", grant.Role);
            if (grant.RuleIndex is { } index)
            {
                json.WriteNumber("ruleIndex", index);
            }
            else
            {
                json.WriteNull("ruleIndex");
            }

            WritePlace(json, "ruleLocation", grant.RulePlace);
            WriteObject(json, "aggregatedFrom", grant.RuleOwner);
            if (grant.Rule is { } rule)
            {
                json.WriteStartObject("rule");
                WriteStrings(json, "apiGroups", rule.ApiGroups);
                WriteStrings(json, "resources", rule.Resources);
                WriteStrings(json, "verbs", rule.Verbs);
                WriteStrings(json, "resourceNames", rule.ResourceNames);
                WriteStrings(json, "nonResourceURLs", rule.NonResourceUrls);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("rule");
            }

            WriteStrings(json, "notes", grant.Notes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSubject(Utf8JsonWriter json, RbacSubject subject)
    {
        json.WriteStartObject();
        json.WriteString("kind", subject.Kind);
        json.WriteString("name", subject.Name);
        if (subject.Namespace.Length > 0)
        {
            json.WriteString("namespace", subject.Namespace);
        }

        json.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter json, string name, RbacObjectRef? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("kind", value.Kind);
        json.WriteString("name", value.Name);
        if (value.Namespace.Length > 0)
        {
            json.WriteString("namespace", value.Namespace);
        }

        WritePlace(json, "location", value.Place);
        json.WriteEndObject();
    }

    private static void WritePlace(Utf8JsonWriter json, string name, RbacPlace? place)
    {
        if (place is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("file", place.File);
        json.WriteNumber("line", place.Line);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
