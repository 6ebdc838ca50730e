using System.Text.Json;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Tests.Support;

namespace Talguard.Tests.Model.Talos;

/// <summary>
/// Checks our hand-written Talos model against the published JSON schemas: at each release, the fields the
/// model lists as published must be exactly the schema's fields, with the same kind of value. Hidden fields
/// (accepted by Talos, left out of the schema) are skipped, and so are the schema's own mistakes below.
/// </summary>
public sealed class TalosModelSchemaTests
{
    /// <summary>Paths where the schema is wrong about what Talos reads: ignored on both sides.</summary>
    private static readonly HashSet<string> SchemaMistakes = new(StringComparer.Ordinal)
    {
        // Talos reads a list of {crt}; the schema says one object.
        "v1alpha1 machine.acceptedCAs", "v1alpha1 machine.acceptedCAs.crt", "v1alpha1 machine.acceptedCAs[]", "v1alpha1 machine.acceptedCAs[].crt",
        "v1alpha1 cluster.acceptedCAs", "v1alpha1 cluster.acceptedCAs.crt", "v1alpha1 cluster.acceptedCAs[]", "v1alpha1 cluster.acceptedCAs[].crt",

        // A URL string in real configs (tcp://..., udp://...); the schema says an empty object.
        "v1alpha1 machine.logging.destinations[].endpoint",

        // meta.CertificateAndKey reads "cert" in every release; the v1.12 and v1.13 schemas say "crt".
        "RegistryTLSConfig clientIdentity.crt", "RegistryTLSConfig clientIdentity.cert",

        // A list of LUKS options in Talos; the v1.11 and v1.12 schemas say a single enum value.
        "VolumeConfig encryption.options", "VolumeConfig encryption.options[]",
        "UserVolumeConfig encryption.options", "UserVolumeConfig encryption.options[]",
        "RawVolumeConfig encryption.options", "RawVolumeConfig encryption.options[]",
        "SwapVolumeConfig encryption.options", "SwapVolumeConfig encryption.options[]",
    };

    /// <summary>Kinds the schemas name differently from what Talos registers (and reads in <c>kind:</c>).</summary>
    private static readonly Dictionary<string, string> SchemaKindNames = new(StringComparer.Ordinal)
    {
        ["KubeSpanEndpoints"] = "KubeSpanEndpointsConfig",
        ["UnattendedInstall"] = "UnattendedInstallConfig",
    };

    [Theory]
    [InlineData("v1.11")]
    [InlineData("v1.12")]
    [InlineData("v1.13")]
    [InlineData("v1.14.0-rc.1")]
    public void ModelMatchesPublishedSchema(string release)
    {
        var file = Path.Combine(SharedData.Require("talos/schema"), $"config.schema.{release}.json");
        using var schema = JsonDocument.Parse(File.ReadAllText(file));
        var target = TalosVersion.Parse(release);

        var fromSchema = SchemaFields(schema.RootElement);
        var fromModel = ModelFields(target);

        var missing = fromSchema.Keys.Except(fromModel.Keys).Where(p => !SchemaMistakes.Contains(p)).Order(StringComparer.Ordinal).ToList();
        var extra = fromModel.Keys.Except(fromSchema.Keys).Where(p => !SchemaMistakes.Contains(p)).Order(StringComparer.Ordinal).ToList();
        var wrongShape = fromSchema.Keys.Intersect(fromModel.Keys)
            .Where(p => !SchemaMistakes.Contains(p) && !SameShape(fromSchema[p], fromModel[p]))
            .Select(p => $"{p}: schema {fromSchema[p]}, model {fromModel[p]}")
            .Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"the model lacks fields the {release} schema has:\n" + string.Join('\n', missing));
        Assert.True(extra.Count == 0, $"the model publishes fields the {release} schema lacks (mark them hidden if Talos accepts them):\n" + string.Join('\n', extra));
        Assert.True(wrongShape.Count == 0, $"value shapes differ from the {release} schema:\n" + string.Join('\n', wrongShape));
    }

    [Fact]
    public void DocumentedHiddenFieldsAreKnown()
    {
        var v113 = new TalosVersion(1, 13);
        string[] hidden =
        [
            "v1alpha1 persist", "v1alpha1 machine.systemDiskEncryption", "v1alpha1 machine.systemDiskEncryption.state.keys[].tpm.checkSecurebootStatusOnEnroll",
            "v1alpha1 machine.systemDiskEncryption.ephemeral.options[]", "v1alpha1 machine.features.rbac", "v1alpha1 machine.features.apidCheckExtKeyUsage",
            "v1alpha1 machine.features.stableHostname", "v1alpha1 machine.time.servers[]", "v1alpha1 machine.registries.mirrors.*.endpoints[]",
            "v1alpha1 machine.install.extraKernelArgs[]", "v1alpha1 machine.network.interfaces[].vip.ip", "v1alpha1 machine.env.*",
            "v1alpha1 cluster.apiServer.disablePodSecurityPolicy",
        ];

        var known = ModelFields(v113, includeHidden: true);
        Assert.All(hidden, path => Assert.Contains(path, known.Keys));
        Assert.DoesNotContain("v1alpha1 machine.systemDiskEncryption.state.keys[].tpm.options", known.Keys);
        Assert.DoesNotContain("v1alpha1 machine.secureboot", known.Keys);
    }

    private static bool SameShape(string schema, string model) =>
        schema == model || (model == "args" && schema == "scalar");

    private static Dictionary<string, string> ModelFields(TalosVersion target, bool includeHidden = false)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        AddShape(fields, "v1alpha1", string.Empty, TalosModel.MainDocument.Shape, target, includeHidden);
        foreach (var kind in TalosModel.DocumentKinds.Values.Where(k => k.ExistsIn(target) && (includeHidden || k.Published)))
        {
            AddShape(fields, kind.Kind, string.Empty, kind.Shape, target, includeHidden);
        }

        return fields;
    }

    private static void AddShape(Dictionary<string, string> fields, string kind, string path, TalosShape shape, TalosVersion target, bool includeHidden)
    {
        switch (shape)
        {
            case ObjectShape obj:
                fields[$"{kind} {path}"] = "object";
                foreach (var field in obj.Fields.Where(f => includeHidden ? f.ExistsIn(target) : f.IsPublishedIn(target)))
                {
                    AddShape(fields, kind, Join(path, field.Name), field.Shape, target, includeHidden);
                }

                break;
            case MapShape map:
                fields[$"{kind} {path}"] = "map";
                AddShape(fields, kind, path + ".*", map.Values, target, includeHidden);
                break;
            case ListShape list:
                fields[$"{kind} {path}"] = "list";
                AddShape(fields, kind, path + "[]", list.Items, target, includeHidden);
                break;
            case FreeFormShape:
                fields[$"{kind} {path}"] = "freeform";
                break;
            case ArgValueShape:
                fields[$"{kind} {path}"] = "args";
                break;
            default:
                fields[$"{kind} {path}"] = "scalar";
                break;
        }
    }

    private static Dictionary<string, string> SchemaFields(JsonElement root)
    {
        var definitions = root.GetProperty("$defs");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in root.GetProperty("oneOf").EnumerateArray())
        {
            var document = Resolve(definitions, reference);
            var properties = document.GetProperty("properties");
            var kind = properties.TryGetProperty("kind", out var kindProperty) ? kindProperty.GetProperty("enum")[0].GetString()! : "v1alpha1";
            AddSchema(fields, definitions, SchemaKindNames.GetValueOrDefault(kind, kind), string.Empty, document);
        }

        return fields;
    }

    private static void AddSchema(Dictionary<string, string> fields, JsonElement definitions, string kind, string path, JsonElement schema)
    {
        schema = Resolve(definitions, schema);
        var key = $"{kind} {path}";
        if (schema.TryGetProperty("oneOf", out var options))
        {
            fields[key] = options.EnumerateArray().Any(o => o.TryGetProperty("type", out var t) && t.GetString() == "array") ? "args" : "scalar";
            return;
        }

        var type = schema.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
        if (type == "object" || schema.TryGetProperty("properties", out _))
        {
            if (schema.TryGetProperty("properties", out var properties))
            {
                fields[key] = "object";
                foreach (var property in properties.EnumerateObject())
                {
                    AddSchema(fields, definitions, kind, Join(path, property.Name), property.Value);
                }
            }
            else if (schema.TryGetProperty("patternProperties", out var patterns))
            {
                fields[key] = "map";
                AddSchema(fields, definitions, kind, path + ".*", patterns.EnumerateObject().First().Value);
            }
            else if (schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                fields[key] = "map";
                AddSchema(fields, definitions, kind, path + ".*", values);
            }
            else
            {
                fields[key] = "freeform";
            }
        }
        else if (type == "array")
        {
            fields[key] = "list";
            AddSchema(fields, definitions, kind, path + "[]", schema.TryGetProperty("items", out var items) ? items : default);
        }
        else
        {
            fields[key] = "scalar";
        }
    }

    private static JsonElement Resolve(JsonElement definitions, JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
            ? Resolve(definitions, definitions.GetProperty(reference.GetString()!["#/$defs/".Length..]))
            : schema;

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
