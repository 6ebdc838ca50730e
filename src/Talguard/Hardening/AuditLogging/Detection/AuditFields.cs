using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>How a field takes its <c>[argument]</c>.</summary>
internal enum FieldArgumentKind
{
    None,

    /// <summary><c>field[N]</c> picks the N-th element of the first array level; without it, all of them.</summary>
    OptionalIndex,

    /// <summary><c>field[key]</c> is required (a query parameter, a JSON pointer, a path).</summary>
    RequiredKey,
}

/// <summary>The argument of one use of a field: an index, or a key (a JSON pointer also split into its tokens).</summary>
internal sealed record FieldArgument(string? Key, int Index, string[]? PointerTokens)
{
    public static readonly FieldArgument None = new(null, -1, null);
}

internal delegate FieldValue FieldExtractor(EventFields evt, FieldArgument argument);

/// <summary>
/// One <c>ka.*</c> or <c>jevt.*</c> field: whether it is a list, its argument, and how it is read. <see cref="Path"/>
/// names the object keys of a field that is the text of one element (so it can be read without the whole document).
/// </summary>
internal sealed record FieldDefinition(string Name, bool IsList, FieldArgumentKind Argument, FieldExtractor Extract, bool NeedsAuditId, string[]? Path = null);

/// <summary>
/// The fields of Falco's k8saudit plugin (v0.18.0) and json plugin, read from an audit Event as the plugins
/// read them: strings as their text, other JSON values as compact JSON text, list fields skipping elements
/// that lack the key, and every <c>ka.*</c> field unavailable when the event has no <c>auditID</c>.
/// </summary>
internal static class AuditFields
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static FrozenDictionary<string, FieldDefinition> All { get; } = Build().ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    private static List<FieldDefinition> Build()
    {
        var fields = new List<FieldDefinition>();
        void Scalar(string name, FieldExtractor extract) => fields.Add(new(name, false, FieldArgumentKind.None, extract, true));
        void ScalarAt(string name, params string[] keys) => fields.Add(new(name, false, FieldArgumentKind.None, (e, _) => Text(e.Root, keys), true, keys));
        void Keyed(string name, FieldExtractor extract) => fields.Add(new(name, false, FieldArgumentKind.RequiredKey, extract, true));
        void List(string name, bool indexed, FieldExtractor extract) =>
            fields.Add(new(name, true, indexed ? FieldArgumentKind.OptionalIndex : FieldArgumentKind.None, extract, true));
        void JsonPlugin(string prefix)
        {
            fields.Add(new(prefix + ".value", false, FieldArgumentKind.RequiredKey, (e, a) => FieldValue.Of(TextOf(Pointer(e.Root, a.PointerTokens!))), false));
            fields.Add(new(prefix + ".obj", false, FieldArgumentKind.None, (e, _) => FieldValue.Of(Json(e.Root, indented: true)), false));
            fields.Add(new(prefix + ".rawtime", false, FieldArgumentKind.None, (e, _) => FieldValue.Of(e.RawTime.ToString(CultureInfo.InvariantCulture)), false));
        }

        JsonPlugin("jevt");
        JsonPlugin("json");

        ScalarAt("ka.auditid", "auditID");
        ScalarAt("ka.stage", "stage");
        ScalarAt("ka.auth.decision", "annotations", "authorization.k8s.io/decision");
        ScalarAt("ka.auth.reason", "annotations", "authorization.k8s.io/reason");
        ScalarAt("ka.auth.openshift.decision", "annotations", "authentication.openshift.io/decision");
        ScalarAt("ka.auth.openshift.username", "annotations", "authentication.openshift.io/username");
        ScalarAt("ka.validations.admission.policy.failure", "annotations", "validation.policy.admission.k8s.io/validation_failure");
        ScalarAt("ka.security.pod.violations", "annotations", "pod-security.kubernetes.io/audit-violations");
        ScalarAt("ka.cluster.name", "annotations", "cluster_name");
        ScalarAt("ka.user.name", "user", "username");
        List("ka.user.groups", false, (e, _) => Strings(At(e.Root, "user", "groups"), -1));
        ScalarAt("ka.impuser.name", "impersonatedUser", "username");
        ScalarAt("ka.verb", "verb");
        ScalarAt("ka.uri", "requestURI");
        Keyed("ka.uri.param", (e, a) => FieldValue.Of(QueryParameter(TextOf(At(e.Root, "requestURI")), a.Key!)));
        ScalarAt("ka.target.name", "objectRef", "name");
        ScalarAt("ka.target.namespace", "objectRef", "namespace");
        ScalarAt("ka.target.resource", "objectRef", "resource");
        ScalarAt("ka.target.subresource", "objectRef", "subresource");
        Scalar("ka.target.pod.name", (e, _) =>
            TextOf(At(e.Root, "objectRef", "resource")) == "pods" && At(e.Root, "objectRef", "subresource") is null
                ? Text(e.Root, "responseObject", "metadata", "name")
                : FieldValue.Missing);

        List("ka.req.binding.subjects", false, (e, _) => Each(At(e.Root, "requestObject", "subjects"), -1, s => Json(s, indented: false)));
        List("ka.req.binding.subjects.user_names", false, (e, _) => SubjectNames(e, "User", withNamespace: false));
        List("ka.req.binding.subjects.group_names", false, (e, _) => SubjectNames(e, "Group", withNamespace: false));
        List("ka.req.binding.subjects.serviceaccount_names", false, (e, _) => SubjectNames(e, "ServiceAccount", withNamespace: false));
        List("ka.req.binding.subjects.serviceaccount_ns_names", false, (e, _) => SubjectNames(e, "ServiceAccount", withNamespace: true));
        Scalar("ka.req.binding.role", (e, _) => Text(e.Root, "requestObject", "roleRef", "name"));

        // Deprecated upstream, and documented as "N/A", yet the plugin answers "true" whatever the key.
        Keyed("ka.req.binding.subject.has_name", (_, _) => FieldValue.Of("true"));
        ScalarAt("ka.req.configmap.name", "objectRef", "name");
        Scalar("ka.req.configmap.obj", (e, _) => FieldValue.Of(At(e.Root, "requestObject", "data") is { } data ? Json(data, indented: false) : null));
        Scalar("ka.req.pod.host_ipc", (e, _) => Text(e.Root, "requestObject", "spec", "hostIPC"));
        Scalar("ka.req.pod.host_network", (e, _) => Text(e.Root, "requestObject", "spec", "hostNetwork"));
        Scalar("ka.req.container.host_network", (e, _) => Text(e.Root, "requestObject", "spec", "hostNetwork"));
        Scalar("ka.req.pod.host_pid", (e, _) => Text(e.Root, "requestObject", "spec", "hostPID"));
        Scalar("ka.req.pod.run_as_user", (e, _) => Text(e.Root, "requestObject", "spec", "securityContext", "runAsUser"));
        Scalar("ka.req.pod.run_as_group", (e, _) => Text(e.Root, "requestObject", "spec", "securityContext", "runAsGroup"));
        Scalar("ka.req.pod.fs_group", (e, _) => Text(e.Root, "requestObject", "spec", "securityContext", "fsGroup"));
        List("ka.req.pod.supplemental_groups", false, (e, _) => Strings(At(e.Root, "requestObject", "spec", "securityContext", "supplementalGroups"), -1));
        Scalar("ka.req.container.image", (e, _) => FieldValue.Of(TextOf(At(FirstContainer(e), "image"))));
        Scalar("ka.req.container.image.repository", (e, _) => FieldValue.Of(Repository(TextOf(At(FirstContainer(e), "image")))));
        Scalar("ka.req.container.privileged", (e, _) => AnyPrivileged(e));

        foreach (var family in (string[])["containers", "initContainers", "ephemeralContainers"])
        {
            foreach (var (suffix, read) in ContainerReaders(family))
            {
                List($"ka.req.pod.{family}.{suffix}", true, (e, a) => Containers(e, family, a.Index, read));
            }
        }

        List("ka.req.role.rules", false, (e, _) => Each(At(e.Root, "requestObject", "rules"), -1, r => Json(r, indented: false)));
        foreach (var key in (string[])["apiGroups", "resources", "verbs", "nonResourceURLs"])
        {
            List("ka.req.role.rules." + key, true, (e, a) => RuleStrings(e, key, a.Index));
        }

        Scalar("ka.req.service.type", (e, _) => Text(e.Root, "requestObject", "spec", "type"));
        List("ka.req.service.ports", true, (e, a) => Each(At(e.Root, "requestObject", "spec", "ports"), a.Index, p => Json(p, indented: false)));
        List("ka.req.pod.volumes.hostpath", true, (e, a) => Each(Volumes(e), a.Index, v => TextOf(At(v, "hostPath", "path"))));
        Keyed("ka.req.volume.hostpath", (e, a) => HostPathMounted(e, a.Key!));
        List("ka.req.pod.volumes.flexvolume_driver", true, (e, a) => Each(Volumes(e), a.Index, v => TextOf(At(v, "flexVolume", "driver"))));
        List("ka.req.pod.volumes.volume_type", true, (e, a) => VolumeTypes(e, a.Index));
        Scalar("ka.resp.name", (e, _) => Text(e.Root, "responseObject", "metadata", "name"));
        ScalarAt("ka.response.code", "responseStatus", "code");
        ScalarAt("ka.response.reason", "responseStatus", "reason");
        ScalarAt("ka.useragent", "userAgent");

        // Upstream reads requestObject.rules[*].sourceIPs here (a bug: never available); we read the event's sourceIPs.
        List("ka.sourceips", true, (e, a) => Strings(At(e.Root, "sourceIPs"), a.Index));
        return fields;
    }

    private delegate void ContainerReader(JsonElement container, JsonElement podSpec, List<string> values);

    private static IEnumerable<(string Suffix, ContainerReader Read)> ContainerReaders(string family)
    {
        yield return ("name", (c, _, v) => Add(v, At(c, "name")));
        yield return ("image", (c, _, v) => Add(v, At(c, "image")));
        yield return ("image.repository", (c, _, v) => AddText(v, Repository(TextOf(At(c, "image")))));
        yield return ("command", (c, _, v) => AddText(v, Joined(At(c, "command"))));
        yield return ("args", (c, _, v) => AddText(v, Joined(At(c, "args"))));
        yield return ("privileged", (c, _, v) => Add(v, At(c, "securityContext", "privileged")));
        yield return ("allow_privilege_escalation", (c, _, v) => Add(v, At(c, "securityContext", "allowPrivilegeEscalation")));
        yield return ("read_only_fs", (c, _, v) => Add(v, At(c, "securityContext", "readOnlyRootFilesystem")));
        yield return ("run_as_user", (c, _, v) => Add(v, At(c, "securityContext", "runAsUser")));
        yield return ("run_as_group", (c, _, v) => Add(v, At(c, "securityContext", "runAsGroup")));
        yield return ("proc_mount", (c, _, v) => Add(v, At(c, "securityContext", "procMount")));
        yield return ("add_capabilities", (c, _, v) => AddAll(v, At(c, "securityContext", "capabilities", "add")));
        yield return ("eff_run_as_user", (c, spec, v) =>
            AddText(v, TextOf(At(c, "securityContext", "runAsUser") ?? At(spec, "securityContext", "runAsUser")) ?? "0"));
        yield return ("eff_run_as_group", (c, spec, v) =>
            AddText(v, TextOf(At(c, "securityContext", "runAsGroup") ?? At(spec, "securityContext", "runAsGroup")) ?? "0"));
        if (family != "ephemeralContainers")
        {
            yield return ("host_port", (c, _, v) =>
            {
                if (At(c, "ports") is { ValueKind: JsonValueKind.Array } ports)
                {
                    foreach (var port in ports.EnumerateArray())
                    {
                        Add(v, At(port, "hostPort") ?? At(port, "containerPort"));
                    }
                }
            });
        }
    }

    /// <summary>The element at the end of a path of object keys, or null when any step is missing.</summary>
    internal static JsonElement? At(JsonElement? start, params ReadOnlySpan<string> keys)
    {
        if (start is not { } current)
        {
            return null;
        }

        foreach (var key in keys)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A string as its text, null as unavailable, anything else as compact JSON.</summary>
    internal static string? TextOf(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { } other => Json(other, indented: false),
    };

    internal static string Json(JsonElement value, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder, Indented = indented }))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>RFC 6901 tokens of a pointer; the leading <c>/</c> is optional as in the json plugin.</summary>
    internal static string[] PointerTokens(string pointer)
    {
        var body = pointer.StartsWith('/') ? pointer[1..] : pointer;
        return body.Length == 0 ? [] : [.. body.Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonElement? Pointer(JsonElement root, string[] tokens)
    {
        var current = root;
        foreach (var token in tokens)
        {
            if (current.ValueKind == JsonValueKind.Object)
            {
                if (!current.TryGetProperty(token, out current))
                {
                    return null;
                }
            }
            else if (current.ValueKind == JsonValueKind.Array &&
                int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static FieldValue Text(JsonElement root, params ReadOnlySpan<string> keys) => FieldValue.Of(TextOf(At(root, keys)));

    private static FieldValue Strings(JsonElement? array, int index) => Each(array, index, e => TextOf(e));

    /// <summary>One text per array element (or only element <paramref name="index"/>), skipping those that give none.</summary>
    private static FieldValue Each(JsonElement? array, int index, Func<JsonElement, string?> read)
    {
        if (array is not { ValueKind: JsonValueKind.Array } items)
        {
            return FieldValue.Missing;
        }

        if (index >= 0)
        {
            return index < items.GetArrayLength() && read(items[index]) is { } one ? FieldValue.Of(new List<string> { one }) : FieldValue.Missing;
        }

        var values = new List<string>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            AddText(values, read(item));
        }

        return FieldValue.Of(values);
    }

    private static void Add(List<string> values, JsonElement? value) => AddText(values, TextOf(value));

    private static void AddText(List<string> values, string? text)
    {
        if (text is not null)
        {
            values.Add(text);
        }
    }

    private static void AddAll(List<string> values, JsonElement? array)
    {
        if (array is { ValueKind: JsonValueKind.Array } items)
        {
            foreach (var item in items.EnumerateArray())
            {
                Add(values, item);
            }
        }
    }

    private static string? Joined(JsonElement? array)
    {
        if (array is not { ValueKind: JsonValueKind.Array } items || items.GetArrayLength() == 0)
        {
            return null;
        }

        var parts = new List<string>(items.GetArrayLength());
        AddAll(parts, items);
        return string.Join(' ', parts);
    }

    /// <summary>The image without tag and digest, split as the plugin does (so <c>reg:5000/app</c> gives <c>reg</c>).</summary>
    private static string? Repository(string? image) => image?.Split(':')[0].Split('@')[0];

    private static JsonElement? FirstContainer(EventFields e) =>
        At(e.Root, "requestObject", "spec", "containers") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0 ? list[0] : null;

    private static FieldValue AnyPrivileged(EventFields e)
    {
        if (At(e.Root, "requestObject", "spec", "containers") is not { ValueKind: JsonValueKind.Array } list)
        {
            return FieldValue.Missing;
        }

        foreach (var container in list.EnumerateArray())
        {
            if (At(container, "securityContext", "privileged") is { ValueKind: JsonValueKind.True })
            {
                return FieldValue.Of("true");
            }
        }

        return FieldValue.Of("false");
    }

    private static FieldValue Containers(EventFields e, string family, int index, ContainerReader read)
    {
        if (At(e.Root, "requestObject", "spec") is not { } spec || At(spec, family) is not { ValueKind: JsonValueKind.Array } list)
        {
            return FieldValue.Missing;
        }

        var values = new List<string>(list.GetArrayLength());
        if (index >= 0)
        {
            if (index >= list.GetArrayLength())
            {
                return FieldValue.Missing;
            }

            read(list[index], spec, values);
            return FieldValue.Of(values);
        }

        foreach (var container in list.EnumerateArray())
        {
            read(container, spec, values);
        }

        return FieldValue.Of(values);
    }

    private static FieldValue RuleStrings(EventFields e, string key, int index)
    {
        if (At(e.Root, "requestObject", "rules") is not { ValueKind: JsonValueKind.Array } rules)
        {
            return FieldValue.Missing;
        }

        var values = new List<string>();
        if (index >= 0)
        {
            if (index >= rules.GetArrayLength())
            {
                return FieldValue.Missing;
            }

            AddAll(values, At(rules[index], key));
            return FieldValue.Of(values);
        }

        foreach (var rule in rules.EnumerateArray())
        {
            AddAll(values, At(rule, key));
        }

        return FieldValue.Of(values);
    }

    private static FieldValue SubjectNames(EventFields e, string kind, bool withNamespace)
    {
        var values = new List<string>();
        if (At(e.Root, "requestObject", "subjects") is { ValueKind: JsonValueKind.Array } subjects)
        {
            foreach (var subject in subjects.EnumerateArray())
            {
                if (TextOf(At(subject, "kind")) == kind && TextOf(At(subject, "name")) is { } name)
                {
                    values.Add(withNamespace ? TextOf(At(subject, "namespace")) + ":" + name : name);
                }
            }
        }

        return FieldValue.Of(values);
    }

    private static JsonElement? Volumes(EventFields e) => At(e.Root, "requestObject", "spec", "volumes");

    private static FieldValue VolumeTypes(EventFields e, int index)
    {
        if (Volumes(e) is not { ValueKind: JsonValueKind.Array } volumes || index >= volumes.GetArrayLength())
        {
            return FieldValue.Missing;
        }

        var values = new List<string>();
        var position = 0;
        foreach (var volume in volumes.EnumerateArray())
        {
            if ((index < 0 || position == index) && volume.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in volume.EnumerateObject())
                {
                    if (property.Name != "name")
                    {
                        values.Add(property.Name);
                    }
                }
            }

            position++;
        }

        return FieldValue.Of(values);
    }

    private static FieldValue HostPathMounted(EventFields e, string key)
    {
        if (Volumes(e) is not { ValueKind: JsonValueKind.Array } volumes)
        {
            return FieldValue.Missing;
        }

        var prefix = key.EndsWith('*') ? key[..^1] : null;
        foreach (var volume in volumes.EnumerateArray())
        {
            if (TextOf(At(volume, "hostPath", "path")) is { } path &&
                (prefix is null ? path == key : path.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return FieldValue.Of("true");
            }
        }

        return FieldValue.Of("false");
    }

    /// <summary>The first value of query parameter <paramref name="key"/> in a request URI, decoded.</summary>
    private static string? QueryParameter(string? uri, string key)
    {
        var question = uri?.IndexOf('?', StringComparison.Ordinal) ?? -1;
        if (question < 0)
        {
            return null;
        }

        foreach (var pair in uri![(question + 1)..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            if (name == key)
            {
                return equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
