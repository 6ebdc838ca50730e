using System.Globalization;
using Talguard.Model;

namespace Talguard.Hardening.AuditLogging.Detection;

internal sealed class ListDefinition(string name, List<string> items, string file, int line, int order)
{
    public string Name { get; } = name;

    public List<string> Items { get; set; } = items;

    public string File { get; set; } = file;

    public int Line { get; set; } = line;

    public int Order { get; } = order;
}

internal sealed class MacroDefinition(string name, string condition, string file, int line, int order)
{
    public string Name { get; } = name;

    public string Condition { get; set; } = condition;

    public string File { get; set; } = file;

    public int Line { get; set; } = line;

    public int Order { get; } = order;
}

/// <summary>One exception of a rule: the fields, their comparison operators and the value tuples that excuse an event.</summary>
internal sealed class ExceptionDefinition(string name, IReadOnlyList<string> fields, bool singleField, IReadOnlyList<string> comps)
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Fields { get; } = fields;

    /// <summary><c>fields: f</c> (one field compared against the whole value list) rather than <c>fields: [f, g]</c>.</summary>
    public bool SingleField { get; } = singleField;

    public IReadOnlyList<string> Comps { get; } = comps;

    public List<YamlNode> Values { get; } = [];
}

internal sealed class RuleDefinition(string name, string file, int line)
{
    public string Name { get; } = name;

    public string File { get; set; } = file;

    public int Line { get; set; } = line;

    public string Condition { get; set; } = string.Empty;

    public string Output { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public DetectionPriority Priority { get; set; }

    public List<string> Tags { get; set; } = [];

    public string Source { get; set; } = "syscall";

    public bool Enabled { get; set; } = true;

    public List<ExceptionDefinition> Exceptions { get; } = [];
}

/// <summary>
/// Reads Falco rules files in order into lists, macros and rules, applying <c>append</c>, <c>override</c>,
/// redefinitions and <c>enabled</c> toggles as Falco's rule loader does. Anything it does not understand is
/// an <see cref="InputException"/> naming the file, the line and the item.
/// </summary>
internal sealed class RulesFileLoader
{
    /// <summary>The Falco engine version whose rule language this implements.</summary>
    public static readonly Version EngineVersion = new(0, 63, 0);

    /// <summary>The plugins whose fields this engine provides, and the version of their field sets.</summary>
    public static readonly IReadOnlyDictionary<string, Version> Plugins = new Dictionary<string, Version>(StringComparer.Ordinal)
    {
        ["k8saudit"] = new(0, 18, 0),
        ["json"] = new(0, 7, 0),
    };

    private static readonly HashSet<string> ListKeys = new(StringComparer.Ordinal) { "list", "items", "append", "override" };
    private static readonly HashSet<string> MacroKeys = new(StringComparer.Ordinal) { "macro", "condition", "append", "override" };
    private static readonly HashSet<string> RuleKeys = new(StringComparer.Ordinal)
    {
        "rule", "condition", "output", "desc", "priority", "source", "enabled", "tags", "exceptions", "append", "override",
        "capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter",
    };

    private static readonly HashSet<string> RuleAppendable = new(StringComparer.Ordinal) { "condition", "output", "desc", "tags", "exceptions" };
    private static readonly HashSet<string> RuleReplaceable = new(StringComparer.Ordinal)
    {
        "condition", "output", "desc", "priority", "tags", "exceptions", "enabled", "capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter",
    };

    private readonly Dictionary<string, ListDefinition> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MacroDefinition> _macros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleDefinition> _rulesByName = new(StringComparer.Ordinal);
    private string _file = string.Empty;

    public List<ListDefinition> Lists { get; } = [];

    public List<MacroDefinition> Macros { get; } = [];

    public List<RuleDefinition> Rules { get; } = [];

    public void Load(DetectionRulesFile file)
    {
        _file = file.Path;
        List<ParsedYamlDocument> documents;
        using (var reader = new StringReader(file.Text))
        {
            documents = YamlStreamReader.Read(file.Path, reader);
        }

        foreach (var document in documents)
        {
            if (document.Root is null || document.Root.IsNull)
            {
                continue;
            }

            if (!document.Root.IsSequence)
            {
                throw Error(document.Root, "a rules file is a YAML sequence of items (- rule:, - macro:, - list:, ...)");
            }

            foreach (var item in document.Root.Items)
            {
                LoadItem(item);
            }
        }
    }

    private void LoadItem(YamlNode item)
    {
        if (!item.IsMapping || item.Entries.Count == 0)
        {
            throw Error(item, "each item of a rules file is a mapping such as '- rule: NAME'");
        }

        if (item["rule"] is not null)
        {
            LoadRule(item);
        }
        else if (item["macro"] is not null)
        {
            LoadMacro(item);
        }
        else if (item["list"] is not null)
        {
            LoadList(item);
        }
        else if (item["required_engine_version"] is { } engine)
        {
            RequireKeys(item, "required_engine_version", new HashSet<string>(StringComparer.Ordinal) { "required_engine_version" });
            CheckEngineVersion(engine);
        }
        else if (item["required_plugin_versions"] is { } plugins)
        {
            RequireKeys(item, "required_plugin_versions", new HashSet<string>(StringComparer.Ordinal) { "required_plugin_versions" });
            CheckPluginVersions(plugins);
        }
        else
        {
            throw Error(item, $"unknown item '{item.Entries[0].Key.Value}' (expected rule, macro, list, required_engine_version or required_plugin_versions)");
        }
    }

    private void LoadList(YamlNode item)
    {
        var name = Name(item, "list");
        var what = $"list '{name}'";
        RequireKeys(item, what, ListKeys);
        var mode = Modes(item, what, "list", appendable: ["items"], replaceable: ["items"]);
        var items = Strings(item["items"] ?? throw Error(item, $"{what} lacks 'items'"), what, "items");
        if (mode is null)
        {
            if (_lists.TryGetValue(name, out var existing))
            {
                (existing.Items, existing.File, existing.Line) = (items, _file, item.Start.Line);
                return;
            }

            var list = new ListDefinition(name, items, _file, item.Start.Line, Lists.Count);
            _lists.Add(name, list);
            Lists.Add(list);
            return;
        }

        var target = _lists.GetValueOrDefault(name) ?? throw Error(item, $"{what} appends to or overrides a list that is not defined");
        target.Items = mode.GetValueOrDefault("items") == "replace" ? items : [.. target.Items, .. items];
    }

    private void LoadMacro(YamlNode item)
    {
        var name = Name(item, "macro");
        var what = $"macro '{name}'";
        RequireKeys(item, what, MacroKeys);
        var mode = Modes(item, what, "macro", appendable: ["condition"], replaceable: ["condition"]);
        var condition = Text(item["condition"] ?? throw Error(item, $"{what} lacks 'condition'"), what, "condition");
        if (mode is null)
        {
            if (_macros.TryGetValue(name, out var existing))
            {
                (existing.Condition, existing.File, existing.Line) = (condition, _file, item.Start.Line);
                return;
            }

            var macro = new MacroDefinition(name, condition, _file, item.Start.Line, Macros.Count);
            _macros.Add(name, macro);
            Macros.Add(macro);
            return;
        }

        var target = _macros.GetValueOrDefault(name) ?? throw Error(item, $"{what} appends to or overrides a macro that is not defined");
        target.Condition = mode["condition"] == "replace" ? condition : target.Condition + " " + condition;
    }

    private void LoadRule(YamlNode item)
    {
        var name = Name(item, "rule");
        var what = $"rule '{name}'";
        RequireKeys(item, what, RuleKeys);
        var mode = Modes(item, what, "rule", RuleAppendable, RuleReplaceable);
        var keys = item.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);
        if (mode is null && keys.SetEquals(["rule", "enabled"]))
        {
            var toggled = _rulesByName.GetValueOrDefault(name) ?? throw Error(item, $"{what} sets 'enabled' on a rule that is not defined");
            toggled.Enabled = Bool(item["enabled"]!, what, "enabled");
            return;
        }

        if (mode is null)
        {
            foreach (var required in (string[])["condition", "output", "desc", "priority"])
            {
                if (item[required] is null)
                {
                    throw Error(item, $"{what} lacks required key '{required}'");
                }
            }

            var rule = new RuleDefinition(name, _file, item.Start.Line);
            foreach (var key in keys)
            {
                Apply(rule, item, key, what, append: false);
            }

            if (_rulesByName.TryGetValue(name, out var existing))
            {
                Rules[Rules.IndexOf(existing)] = rule;
            }
            else
            {
                Rules.Add(rule);
            }

            _rulesByName[name] = rule;
            return;
        }

        var target = _rulesByName.GetValueOrDefault(name) ?? throw Error(item, $"{what} appends to or overrides a rule that is not defined");
        foreach (var (key, how) in mode)
        {
            Apply(target, item, key, what, append: how == "append");
        }
    }

    private void Apply(RuleDefinition rule, YamlNode item, string key, string what, bool append)
    {
        var node = item[key]!;
        switch (key)
        {
            case "condition":
                var condition = Text(node, what, key);
                rule.Condition = append ? rule.Condition + " " + condition : condition;
                break;
            case "output":
                var output = Text(node, what, key).Trim();
                rule.Output = append ? rule.Output + " " + output : output;
                break;
            case "desc":
                var description = Text(node, what, key).Trim();
                rule.Description = append ? rule.Description + " " + description : description;
                break;
            case "priority":
                var priorityText = Text(node, what, key);
                rule.Priority = DetectionPriorities.TryParse(priorityText, out var priority)
                    ? priority
                    : throw Error(node, $"{what}: unknown priority '{priorityText}' (emergency, alert, critical, error, warning, notice, informational, debug)");
                break;
            case "tags":
                var tags = Strings(node, what, key);
                rule.Tags = append ? [.. rule.Tags, .. tags.Where(t => !rule.Tags.Contains(t))] : tags;
                break;
            case "source":
                rule.Source = Text(node, what, key);
                break;
            case "enabled":
                rule.Enabled = Bool(node, what, key);
                break;
            case "exceptions":
                LoadExceptions(rule, node, what, append);
                break;
            case "capture" or "capture_duration" or "warn_evttypes" or "skip-if-unknown-filter":
                // Options of the syscall engine (captures, event-type warnings); audit events have no use for them.
                break;
            default:
                break;
        }
    }

    private void LoadExceptions(RuleDefinition rule, YamlNode node, string what, bool append)
    {
        if (!node.IsSequence)
        {
            throw Error(node, $"{what}: 'exceptions' is a list of exceptions");
        }

        if (!append)
        {
            rule.Exceptions.Clear();
        }

        foreach (var entry in node.Items)
        {
            if (!entry.IsMapping)
            {
                throw Error(entry, $"{what}: each exception is a mapping with name, fields, comps and values");
            }

            var name = entry["name"]?.AsString() ?? throw Error(entry, $"{what}: an exception lacks 'name'");
            var where = $"{what} exception '{name}'";
            foreach (var key in entry.Entries)
            {
                if (key.Key.Value is not ("name" or "fields" or "comps" or "values"))
                {
                    throw Error(key.Key, $"{where}: unknown key '{key.Key.Value}'");
                }
            }

            var existing = rule.Exceptions.Find(e => e.Name == name);
            if (existing is not null && append)
            {
                if (entry["fields"] is not null || entry["comps"] is not null)
                {
                    throw Error(entry, $"{where}: appending to an existing exception may add values only");
                }

                AddValues(existing, entry["values"], where);
                continue;
            }

            if (existing is not null)
            {
                throw Error(entry, $"{where} is defined twice");
            }

            var fieldsNode = entry["fields"] ?? throw Error(entry, $"{where} lacks 'fields'");
            var single = fieldsNode.IsScalar;
            var fields = single ? [Text(fieldsNode, where, "fields")] : Strings(fieldsNode, where, "fields");
            var compsNode = entry["comps"];
            List<string> comps;
            if (single)
            {
                comps = [compsNode is null ? "in" : Text(compsNode, where, "comps")];
                if (comps[0] is not ("in" or "pmatch" or "intersects"))
                {
                    throw Error(compsNode!, $"{where}: with a single field, comps must be in, pmatch or intersects, not '{comps[0]}'");
                }
            }
            else
            {
                comps = compsNode is null ? [.. fields.Select(_ => "=")] : Strings(compsNode, where, "comps");
                if (comps.Count != fields.Count)
                {
                    throw Error(compsNode!, $"{where}: {comps.Count} comps for {fields.Count} fields");
                }

                foreach (var comp in comps)
                {
                    if (!ConditionParser.ScalarOperators.Contains(comp) && !ConditionParser.ListOperators.Contains(comp))
                    {
                        throw Error(compsNode!, $"{where}: unknown comparison operator '{comp}'");
                    }
                }
            }

            var exception = new ExceptionDefinition(name, fields, single, comps);
            AddValues(exception, entry["values"], where);
            rule.Exceptions.Add(exception);
        }
    }

    private void AddValues(ExceptionDefinition exception, YamlNode? values, string where)
    {
        if (values is null || values.IsNull)
        {
            return;
        }

        if (!values.IsSequence)
        {
            throw Error(values, $"{where}: 'values' is a list");
        }

        foreach (var value in values.Items)
        {
            if (exception.SingleField ? !value.IsScalar : !value.IsSequence || value.Items.Count != exception.Fields.Count)
            {
                throw Error(value, exception.SingleField
                    ? $"{where}: with a single field, each value is a string"
                    : $"{where}: each value is a list of {exception.Fields.Count} items, one per field");
            }

            exception.Values.Add(value);
        }
    }

    /// <summary>
    /// The keys under <c>override</c> mapped to append or replace, the appendable keys for <c>append: true</c>, or
    /// null for a plain definition.
    /// </summary>
    private Dictionary<string, string>? Modes(YamlNode item, string what, string nameKey, IReadOnlyCollection<string> appendable, IReadOnlyCollection<string> replaceable)
    {
        var append = item["append"] is { } appendNode && Bool(appendNode, what, "append");
        var overrides = item["override"];
        if (append && overrides is not null)
        {
            throw Error(item, $"{what}: 'append' and 'override' cannot be used together");
        }

        var given = item.Entries.Select(e => e.Key.Value).Where(k => k != nameKey && k != "append" && k != "override").ToList();
        if (append)
        {
            var modes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in given)
            {
                if (key == "enabled" && replaceable.Contains(key))
                {
                    modes[key] = "replace";
                }
                else if (appendable.Contains(key))
                {
                    modes[key] = "append";
                }
                else
                {
                    throw Error(item, $"{what}: '{key}' cannot be appended");
                }
            }

            return modes;
        }

        if (overrides is null)
        {
            return null;
        }

        if (!overrides.IsMapping)
        {
            throw Error(overrides, $"{what}: 'override' maps keys to append or replace");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in overrides.Entries)
        {
            var key = keyNode.Value;
            var how = valueNode.AsString();
            if (how is not ("append" or "replace"))
            {
                throw Error(valueNode, $"{what}: override of '{key}' must be append or replace");
            }

            if (!(how == "append" ? appendable : replaceable).Contains(key))
            {
                throw Error(keyNode, $"{what}: '{key}' cannot be overridden with {how}");
            }

            if (item[key] is null)
            {
                throw Error(keyNode, $"{what}: override names '{key}' but the item does not give it");
            }

            result[key] = how;
        }

        foreach (var key in given)
        {
            if (!result.ContainsKey(key))
            {
                throw Error(item, $"{what}: '{key}' is given with 'override' but not listed under it");
            }
        }

        return result;
    }

    private void CheckEngineVersion(YamlNode node)
    {
        var text = node.AsString() ?? string.Empty;
        Version? required = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new Version(0, minor, 0)
            : Version.TryParse(text, out var parsed) ? parsed : null;
        if (required is null)
        {
            throw Error(node, $"required_engine_version '{text}' is neither a number nor a version");
        }

        if (required > EngineVersion)
        {
            throw Error(node, $"the rules require Falco engine version {required}; this engine implements {EngineVersion}");
        }
    }

    /// <summary>
    /// A requirement on a plugin whose fields we provide (k8saudit or one of its alternatives, json) must be
    /// met by our field set; requirements on other plugins concern rules of other sources, never evaluated here.
    /// </summary>
    private void CheckPluginVersions(YamlNode node)
    {
        if (!node.IsSequence)
        {
            throw Error(node, "required_plugin_versions is a list of {name, version}");
        }

        foreach (var entry in node.Items)
        {
            var candidates = new List<(string Name, string Version, YamlNode Node)>();
            void Add(YamlNode plugin)
            {
                var name = plugin["name"]?.AsString();
                var version = plugin["version"]?.AsString();
                if (!plugin.IsMapping || name is null || version is null)
                {
                    throw Error(plugin, "each required plugin has a name and a version");
                }

                candidates.Add((name, version, plugin));
            }

            Add(entry);
            if (entry["alternatives"] is { IsSequence: true } alternatives)
            {
                foreach (var alternative in alternatives.Items)
                {
                    Add(alternative);
                }
            }

            var ours = candidates.Where(c => Plugins.ContainsKey(c.Name)).ToList();
            if (ours.Count == 0)
            {
                continue;
            }

            if (!ours.Any(c => Version.TryParse(c.Version, out var wanted) && Plugins[c.Name] is var have && have.Major == wanted.Major && have >= wanted))
            {
                var (name, version, at) = ours[0];
                throw Error(at, $"the rules require plugin {name} {version}; this engine provides the fields of {name} {Plugins[name]}");
            }
        }
    }

    private void RequireKeys(YamlNode item, string what, HashSet<string> allowed)
    {
        foreach (var (key, _) in item.Entries)
        {
            if (!allowed.Contains(key.Value))
            {
                throw Error(key, $"{what}: unknown key '{key.Value}'");
            }
        }
    }

    private string Name(YamlNode item, string key)
    {
        var node = item[key]!;
        return node.AsString() is { Length: > 0 } name ? name : throw Error(node, $"a {key} needs a name");
    }

    private string Text(YamlNode node, string what, string key) =>
        node.IsScalar && !node.IsNull ? node.Value : throw Error(node, $"{what}: '{key}' must be a string");

    private bool Bool(YamlNode node, string what, string key) =>
        node.AsBool() ?? throw Error(node, $"{what}: '{key}' must be true or false");

    private List<string> Strings(YamlNode node, string what, string key)
    {
        if (node.IsNull)
        {
            return [];
        }

        if (!node.IsSequence)
        {
            throw Error(node, $"{what}: '{key}' must be a list");
        }

        var values = new List<string>(node.Items.Count);
        foreach (var value in node.Items)
        {
            values.Add(value.IsScalar && !value.IsNull ? value.Value : throw Error(value, $"{what}: each entry of '{key}' must be a string"));
        }

        return values;
    }

    private InputException Error(YamlNode node, string reason) => new(_file, node.Start.Line, reason);
}
