using System.Collections.Frozen;

namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>
/// Skips rules that cannot match an event. Nearly every audit rule requires a stage (<c>kevt</c>) and a
/// resource (<c>pod</c>, <c>secret</c>, ...) through conjunctions of <c>=</c> or <c>in</c>; such a rule is
/// false for any event whose stage or resource lies outside those values, so it need not be evaluated.
/// Candidate lists are built once per (stage, resource) pair, in rule order, so alerts keep Falco's order.
/// </summary>
internal sealed class RuleIndex
{
    private readonly BoundField _stage;
    private readonly BoundField _resource;
    private readonly FrozenDictionary<string, int> _stages;
    private readonly FrozenDictionary<string, int> _resources;
    private readonly DetectionRuleSet.CompiledRule[][] _candidates;

    public RuleIndex(IReadOnlyList<DetectionRuleSet.CompiledRule> rules, BoundField stage, BoundField resource)
    {
        _stage = stage;
        _resource = resource;
        var stageGuards = rules.Select(r => r.Condition.RequiredValues(IsStage)).ToList();
        var resourceGuards = rules.Select(r => r.Condition.RequiredValues(f => f.Text == "ka.target.resource")).ToList();
        var stages = stageGuards.Where(g => g is not null).SelectMany(g => g!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var resources = resourceGuards.Where(g => g is not null).SelectMany(g => g!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _stages = stages.Select((s, i) => KeyValuePair.Create(s, i)).ToFrozenDictionary(StringComparer.Ordinal);
        _resources = resources.Select((r, i) => KeyValuePair.Create(r, i)).ToFrozenDictionary(StringComparer.Ordinal);

        // Index Count stands for "any other value, or none".
        _candidates = new DetectionRuleSet.CompiledRule[(stages.Count + 1) * (resources.Count + 1)][];
        for (var s = 0; s <= stages.Count; s++)
        {
            for (var r = 0; r <= resources.Count; r++)
            {
                var stageValue = s < stages.Count ? stages[s] : null;
                var resourceValue = r < resources.Count ? resources[r] : null;
                _candidates[(s * (resources.Count + 1)) + r] = [.. rules.Where((_, i) =>
                    Allows(stageGuards[i], stageValue) && Allows(resourceGuards[i], resourceValue))];
            }
        }
    }

    public DetectionRuleSet.CompiledRule[] Candidates(EventFields evt)
    {
        var stage = evt.Get(_stage).Text is { } s && _stages.TryGetValue(s, out var stageIndex) ? stageIndex : _stages.Count;
        var resource = evt.Get(_resource).Text is { } r && _resources.TryGetValue(r, out var resourceIndex) ? resourceIndex : _resources.Count;
        return _candidates[(stage * (_resources.Count + 1)) + resource];
    }

    /// <summary>The stage in either spelling: <c>ka.stage</c> or a JSON pointer to <c>/stage</c>.</summary>
    private static bool IsStage(BoundField field) => field.Text is "ka.stage" or "jevt.value[/stage]" or "json.value[/stage]" or "jevt.value[stage]" or "json.value[stage]";

    private static bool Allows(IReadOnlySet<string>? guard, string? value) => guard is null || (value is not null && guard.Contains(value));
}
