using System.Text;
using System.Text.Json;
using Talguard.Model;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// Falco rules (lists, macros, rules with exceptions) loaded from one or more rules files in order and compiled
/// once, then evaluated against Kubernetes audit events. Immutable after loading: <see cref="Evaluate"/> keeps
/// all per-event state on its own stack, so any number of threads may evaluate events at once.
/// </summary>
public sealed class DetectionRuleSet
{
    private const string BuiltInResource = "Talguard.Hardening.AuditLogging.Detection.talguard_k8s_audit_rules.yaml";

    private static readonly Lazy<DetectionRulesFile> BuiltInText = new(ReadBuiltIn);
    private static readonly Lazy<DetectionRuleSet> BuiltInSet = new(() => Load([BuiltInRulesFile]));

    private readonly RuleIndex _index;
    private readonly int _slots;
    private readonly ShallowSchema _schema;

    private DetectionRuleSet(IReadOnlyList<DetectionRule> rules, RuleIndex index, int slots, ShallowSchema schema)
    {
        Rules = rules;
        _index = index;
        _slots = slots;
        _schema = schema;
    }

    /// <summary>Talguard's own rules for the guide's detections (Secret access, privileged pods, exec/attach, RBAC changes, anonymous access).</summary>
    public static DetectionRulesFile BuiltInRulesFile => BuiltInText.Value;

    /// <summary>The rule set of <see cref="BuiltInRulesFile"/> alone.</summary>
    public static DetectionRuleSet BuiltIn => BuiltInSet.Value;

    /// <summary>Every rule in load order, including disabled ones and rules of other sources (never evaluated).</summary>
    public IReadOnlyList<DetectionRule> Rules { get; }

    /// <summary>
    /// Loads rules files in order, as Falco does with several <c>-r</c> options: later files append to,
    /// override or redefine what earlier ones defined. Throws <see cref="InputException"/> naming the file,
    /// line, item and reason for anything invalid.
    /// </summary>
    public static DetectionRuleSet Load(IEnumerable<DetectionRulesFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var loader = new RulesFileLoader();
        foreach (var file in files)
        {
            loader.Load(file);
        }

        return Build(loader);
    }

    /// <summary>
    /// The alerts of every enabled <c>k8s_audit</c> rule whose condition <paramref name="auditEvent"/> meets, in
    /// rule order. An element that is not an audit event (no RFC 3339 <c>stageTimestamp</c>; see
    /// <see cref="AuditEventPayload.RejectionReason"/>) raises none.
    /// </summary>
    public IReadOnlyList<DetectionAlert> Evaluate(JsonElement auditEvent)
    {
        if (!AuditEventPayload.TryReadTime(auditEvent, out var time, out var nanoseconds, out _))
        {
            return [];
        }

        var alerts = new List<DetectionAlert>();
        Evaluate(EventFields.For(auditEvent, nanoseconds, _slots), time, alerts);
        return alerts.Count == 0 ? [] : alerts;
    }

    /// <summary>A scanner for <see cref="TryEvaluate"/>, to be used by one thread.</summary>
    internal ShallowEvent NewShallowEvent() => new(_schema);

    /// <summary>
    /// Evaluates one JSON line that holds a single audit <c>Event</c> with an RFC 3339 <c>stageTimestamp</c> without
    /// parsing it into a document unless a rule reads a field beyond the second level, adding its alerts to
    /// <paramref name="alerts"/> as <see cref="Evaluate(JsonElement)"/> would give them. False, having added nothing,
    /// for any other text (invalid JSON, an EventList, an array, no usable time): the caller takes the document path.
    /// </summary>
    internal bool TryEvaluate(ShallowEvent scan, ReadOnlyMemory<byte> text, List<DetectionAlert> alerts)
    {
        if (!scan.TryScan(text) || scan.StageTimestamp() is not { } stamp || !AuditEventPayload.TryParseRfc3339(stamp, out var time, out var nanoseconds))
        {
            return false;
        }

        Evaluate(EventFields.For(scan, nanoseconds, _slots), time, alerts);
        return true;
    }

    private void Evaluate(EventFields fields, DateTimeOffset time, List<DetectionAlert> alerts)
    {
        try
        {
            foreach (var rule in _index.Candidates(fields))
            {
                if (rule.Condition.Evaluate(fields))
                {
                    alerts.Add(rule.Alert(fields, time));
                }
            }
        }
        finally
        {
            fields.Release();
        }
    }

    private static DetectionRuleSet Build(RulesFileLoader loader)
    {
        var lists = ExpandLists(loader.Lists);
        var macros = new Dictionary<string, MacroEntry>(StringComparer.Ordinal);
        foreach (var macro in loader.Macros)
        {
            try
            {
                macros[macro.Name] = new MacroEntry(macro.Name, ConditionParser.Parse(ListSubstitution.Apply(macro.Condition, lists)), macro.Order);
            }
            catch (ConditionSyntaxException e)
            {
                throw new InputException(macro.File, macro.Line, $"macro '{macro.Name}': condition: {e.Message}");
            }
        }

        var binder = new FieldBinder();
        var stage = binder.Bind("jevt.value", "/stage");
        var resource = binder.Bind("ka.target.resource", null);
        var auditId = binder.Bind("ka.auditid", null);
        var compiler = new ConditionCompiler(macros, binder);
        var rules = new List<DetectionRule>(loader.Rules.Count);
        var evaluated = new List<CompiledRule>();
        foreach (var definition in loader.Rules)
        {
            var rule = new DetectionRule(definition.Name, definition.Description, definition.Priority, definition.Tags.AsReadOnly(),
                definition.Source, definition.Enabled, definition.File, definition.Line);
            rules.Add(rule);
            if (definition.Source != DetectionRule.AuditSource)
            {
                continue;
            }

            var compiled = Compile(definition, rule, lists, compiler, binder, loader.Macros, auditId);
            if (rule.Enabled)
            {
                evaluated.Add(compiled);
            }
        }

        return new DetectionRuleSet(rules.AsReadOnly(), new RuleIndex(evaluated, stage, resource), binder.SlotCount, new ShallowSchema(binder.Fields, binder.SlotCount));
    }

    private static CompiledRule Compile(
        RuleDefinition definition, DetectionRule rule, IReadOnlyDictionary<string, List<string>> lists, ConditionCompiler compiler, FieldBinder binder, List<MacroDefinition> macros,
        BoundField auditId)
    {
        var what = $"rule '{definition.Name}'";
        string part = "condition";
        try
        {
            var text = ListSubstitution.Apply(WithExceptions(definition), lists);
            var condition = compiler.CompileRule(ConditionParser.Parse(text));
            part = "output";
            var output = OutputTemplate.Compile(definition.Output, binder);
            return new CompiledRule(rule, condition, output, auditId);
        }
        catch (ConditionSyntaxException e)
        {
            throw new InputException(definition.File, definition.Line, $"{what}: {part}: {e.Message}");
        }
        catch (ConditionCompileException e) when (e.Macro is { } name && macros.Find(m => m.Name == name) is { } macro)
        {
            throw new InputException(macro.File, macro.Line, $"macro '{name}' (used by {what}): {e.Message}");
        }
        catch (ConditionCompileException e)
        {
            throw new InputException(definition.File, definition.Line, e.Message.StartsWith("output:", StringComparison.Ordinal) ? $"{what}: {e.Message}" : $"{what}: {part}: {e.Message}");
        }
    }

    /// <summary>Falco's exception clauses: <c>(cond) and not (ex1) and not (ex2)</c>, an exception with no values adding nothing.</summary>
    internal static string WithExceptions(RuleDefinition rule)
    {
        var clauses = rule.Exceptions.Where(e => e.Values.Count > 0).Select(ExceptionText).ToList();
        if (clauses.Count == 0)
        {
            return rule.Condition;
        }

        var builder = new StringBuilder("(").Append(rule.Condition).Append(')');
        foreach (var clause in clauses)
        {
            builder.Append(" and not ").Append(clause);
        }

        return builder.ToString();
    }

    private static string ExceptionText(ExceptionDefinition exception)
    {
        if (exception.SingleField)
        {
            var values = string.Join(", ", exception.Values.Select(v => ListSubstitution.Quote(v.Value)));
            return $"({exception.Fields[0]} {exception.Comps[0]} ({values}))";
        }

        var alternatives = exception.Values.Select(tuple =>
        {
            var checks = exception.Fields.Select((field, i) => $"{field} {exception.Comps[i]} {ExceptionValue(tuple.Items[i], exception.Comps[i])}");
            return "(" + string.Join(" and ", checks) + ")";
        });
        return "(" + string.Join(" or ", alternatives) + ")";
    }

    private static string ExceptionValue(YamlNode value, string comp)
    {
        if (value.IsSequence)
        {
            return "(" + string.Join(", ", value.Items.Select(v => ListSubstitution.Quote(v.Value))) + ")";
        }

        var text = ListSubstitution.Quote(value.Value);
        return ConditionParser.ListOperators.Contains(comp) ? $"({text})" : text;
    }

    /// <summary>Each list's items with names of lists defined before it replaced by their items (which were expanded the same way).</summary>
    private static Dictionary<string, List<string>> ExpandLists(List<ListDefinition> definitions)
    {
        var expanded = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var list in definitions)
        {
            var items = new List<string>(list.Items.Count);
            foreach (var item in list.Items)
            {
                if (expanded.TryGetValue(item, out var nested))
                {
                    items.AddRange(nested);
                }
                else
                {
                    items.Add(item);
                }
            }

            expanded[list.Name] = items;
        }

        return expanded;
    }

    private static DetectionRulesFile ReadBuiltIn()
    {
        using var stream = typeof(DetectionRuleSet).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException("the built-in detection rules are missing from the assembly");
        using var reader = new StreamReader(stream);
        return new DetectionRulesFile("<built-in>/talguard_k8s_audit_rules.yaml", reader.ReadToEnd());
    }

    /// <summary>An evaluated rule: its compiled condition and output.</summary>
    internal sealed class CompiledRule(DetectionRule rule, Predicate condition, OutputTemplate output, BoundField auditId)
    {
        public Predicate Condition { get; } = condition;

        public DetectionAlert Alert(EventFields fields, DateTimeOffset time)
        {
            var outputFields = new KeyValuePair<string, string?>[output.Fields.Count];
            for (var i = 0; i < outputFields.Length; i++)
            {
                var field = output.Fields[i];
                var value = fields.Get(field);
                outputFields[i] = new(field.Text, value.IsAvailable ? value.Display() : null);
            }

            return new DetectionAlert(time, rule.Name, rule.Priority, output.Format(fields), rule.Tags, DetectionRule.AuditSource, fields.Get(auditId).Text ?? string.Empty, outputFields);
        }
    }
}
