using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Model;
using static Talguard.Tests.Hardening.AuditLogging.Detection.DetectionTestKit;

namespace Talguard.Tests.Hardening.AuditLogging.Detection;

/// <summary>The rules-file language: append, override, redefinition, enabled, exceptions, sources, and errors.</summary>
public class RulesFileTests
{
    private static DetectionRuleSet Files(params string[] texts) =>
        DetectionRuleSet.Load(texts.Select((t, i) => new DetectionRulesFile($"f{i + 1}.yaml", t)));

    [Fact]
    public void List_append_and_override_replace()
    {
        var base_ = "- list: verbs\n  items: [get]\n" + Rule("ka.verb in (verbs)");
        Assert.Empty(Fired(Files(base_), ExecEvent));
        Assert.Single(Fired(Files(base_, "- list: verbs\n  items: [create]\n  append: true\n"), ExecEvent));
        Assert.Single(Fired(Files(base_, "- list: verbs\n  items: [create]\n  override:\n    items: replace\n"), ExecEvent));
        Assert.Empty(Fired(Files(base_, "- list: verbs\n  items: [list]\n  override:\n    items: append\n"), ExecEvent));
    }

    [Fact]
    public void Macro_append_concatenates_text_and_redefinition_replaces()
    {
        var base_ = "- macro: m\n  condition: ka.verb=create\n" + Rule("m");
        Assert.Empty(Fired(Files(base_, "- macro: m\n  condition: and ka.user.name=bob\n  append: true\n"), ExecEvent));
        Assert.Single(Fired(Files(base_, "- macro: m\n  condition: or ka.user.name=bob\n  override:\n    condition: append\n"), ExecEvent));
        Assert.Empty(Fired(Files(base_, "- macro: m\n  condition: ka.verb=get\n"), ExecEvent));
        Assert.Empty(Fired(Files(base_, "- macro: m\n  condition: ka.verb=get\n  override:\n    condition: replace\n"), ExecEvent));
    }

    [Fact]
    public void Rule_append_override_enabled_and_redefinition()
    {
        var base_ = Rule("ka.verb=create", "first") + Rule("ka.verb=create", name: "other");
        var appended = Files(base_, "- rule: r\n  condition: and ka.user.name=bob\n  append: true\n");
        Assert.Equal(["other"], Fired(appended, ExecEvent));

        var overridden = Files(base_, """
            - rule: r
              output: second %ka.user.name
              priority: ERROR
              tags: [extra]
              override:
                output: replace
                priority: replace
                tags: append

            """);
        var alert = Evaluate(overridden, ExecEvent)[0];
        Assert.Equal(("second alice", DetectionPriority.Error), (alert.Output, alert.Priority));
        Assert.Equal(["extra"], alert.Tags);

        var disabled = Files(base_, "- rule: r\n  enabled: false\n");
        Assert.Equal(["other"], Fired(disabled, ExecEvent));
        Assert.False(disabled.Rules[0].IsEvaluated);
        Assert.Equal(["other"], Fired(Files(base_, "- rule: r\n  enabled: false\n  override:\n    enabled: replace\n"), ExecEvent));

        var redefined = Files(base_, Rule("ka.verb=get"));
        Assert.Equal(["r", "other"], redefined.Rules.Select(r => r.Name));
        Assert.Equal(["other"], Fired(redefined, ExecEvent));
    }

    [Fact]
    public void Rules_of_other_sources_load_but_are_never_evaluated()
    {
        var rules = Files("""
            - rule: syscall rule
              desc: d
              condition: proc.name = sh and fd.sip in (192.168.1.0/24)
              output: "%proc.name"
              priority: CRITICAL

            """ + Rule("ka.verb=create"));
        Assert.Equal(["syscall rule", "r"], rules.Rules.Select(r => r.Name));
        Assert.Equal("syscall", rules.Rules[0].Source);
        Assert.False(rules.Rules[0].IsEvaluated);
        Assert.Equal(["r"], Fired(rules, ExecEvent));
    }

    [Fact]
    public void Exceptions_with_field_tuples_single_fields_value_lists_and_appended_values()
    {
        string WithExceptions(string exceptions) => Rule("ka.verb=create") + "  exceptions:\n" + exceptions;
        Assert.Empty(Fired(Files(WithExceptions("""
                - name: alice_pods
                  fields: [ka.user.name, ka.target.resource]
                  values: [[bob, pods], [alice, pods]]

            """)), ExecEvent));
        Assert.Single(Fired(Files(WithExceptions("""
                - name: alice_pods
                  fields: [ka.user.name, ka.target.resource]
                  values: [[alice, secrets]]

            """)), ExecEvent));
        Assert.Empty(Fired(Files(WithExceptions("""
                - name: by_list
                  fields: [ka.user.name, ka.verb]
                  comps: [startswith, in]
                  values: [[al, [get, create]]]

            """)), ExecEvent));
        Assert.Empty(Fired(Files(WithExceptions("""
                - name: users
                  fields: ka.user.name
                  values: [bob, alice]

            """)), ExecEvent));
        Assert.Single(Fired(Files(WithExceptions("""
                - name: no_values
                  fields: [ka.user.name]

            """)), ExecEvent));

        var base_ = WithExceptions("""
                - name: users
                  fields: [ka.user.name]
                  values: [[bob]]

            """);
        Assert.Single(Fired(Files(base_), ExecEvent));
        Assert.Empty(Fired(Files(base_, """
            - rule: r
              exceptions:
                - name: users
                  values: [[alice]]
              override:
                exceptions: append

            """), ExecEvent));
        Assert.Empty(Fired(Files(base_, "- rule: r\n  exceptions:\n    - name: users\n      values: [[alice]]\n  append: true\n"), ExecEvent));
    }

    [Fact]
    public void Engine_and_plugin_requirements()
    {
        Assert.Empty(Files("- required_engine_version: 15\n- required_engine_version: 0.63.0\n").Rules);
        Assert.Empty(Files("""
            - required_plugin_versions:
                - name: k8saudit-eks
                  version: 0.12.0
                  alternatives:
                    - name: k8saudit
                      version: 0.18.0
                - name: container
                  version: 0.2.0

            """).Rules);
    }

    [Theory]
    [InlineData("- foo: bar\n", "f1.yaml:1: unknown item 'foo' (expected rule, macro, list, required_engine_version or required_plugin_versions)")]
    [InlineData("rule: r\n", "f1.yaml:1: a rules file is a YAML sequence of items (- rule:, - macro:, - list:, ...)")]
    [InlineData("- rule: r\n  desc: d\n  conditon: x\n", "f1.yaml:3: rule 'r': unknown key 'conditon'")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb=get\n  priority: INFO\n", "f1.yaml:1: rule 'r' lacks required key 'output'")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb=get\n  output: o\n  priority: LOUD\n", "f1.yaml:5: rule 'r': unknown priority 'LOUD' (emergency, alert, critical, error, warning, notice, informational, debug)")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb=get and\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: the condition ends where a check, macro or '(' was expected, at the end")]
    [InlineData("- rule: r\n  desc: d\n  condition: (ka.verb=get\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: expected ')', at the end")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb get\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: unknown operator 'get' after ka.verb, at 'get'")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.nope=get\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: unknown field ka.nope")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.user.groups=dev\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: operator '=' is not supported on list field ka.user.groups (only exists, in, intersects)")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb in get\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: operator 'in' takes a list of values in parentheses, at 'get'")]
    [InlineData("- rule: r\n  desc: d\n  condition: nomacro\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: undefined macro 'nomacro'")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.uri.param exists\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: field ka.uri.param needs an argument: ka.uri.param[...]")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb[0]=get\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: field ka.verb takes no argument")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.user.name regex \"(\"\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': condition: invalid regular expression '(': ")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb=get\n  output: user=%ka.nope\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: rule 'r': output: unknown field %ka.nope")]
    [InlineData("- macro: m\n  condition: ka.verb=\n", "f1.yaml:1: macro 'm': condition: expected a value after '=', at the end")]
    [InlineData("- macro: m\n  condition: ka.nope exists\n- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n  source: k8s_audit\n", "f1.yaml:1: macro 'm' (used by rule 'r'): unknown field ka.nope")]
    [InlineData("- list: l\n  items: [a]\n  append: true\n", "f1.yaml:1: list 'l' appends to or overrides a list that is not defined")]
    [InlineData("- rule: r\n  enabled: false\n", "f1.yaml:1: rule 'r' sets 'enabled' on a rule that is not defined")]
    [InlineData("- list: l\n  items: [a]\n- list: l\n  items: [b]\n  append: true\n  override:\n    items: append\n", "f1.yaml:3: list 'l': 'append' and 'override' cannot be used together")]
    [InlineData("- macro: m\n  condition: x\n- macro: m\n  override:\n    condition: append\n", "f1.yaml:5: macro 'm': override names 'condition' but the item does not give it")]
    [InlineData("- required_engine_version: 64\n", "f1.yaml:1: the rules require Falco engine version 0.64.0; this engine implements 0.63.0")]
    [InlineData("- required_plugin_versions:\n    - name: k8saudit\n      version: 0.19.0\n", "f1.yaml:2: the rules require plugin k8saudit 0.19.0; this engine provides the fields of k8saudit 0.18.0")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb=get\n  output: o\n  priority: INFO\n  exceptions:\n    - name: e\n      fields: [ka.verb, ka.uri]\n      values: [[get]]\n", "f1.yaml:9: rule 'r' exception 'e': each value is a list of 2 items, one per field")]
    [InlineData("- rule: r\n  desc: d\n  condition: ka.verb=get\n  output: o\n  priority: INFO\n  exceptions:\n    - name: e\n      fields: ka.verb\n      comps: =\n", "f1.yaml:9: rule 'r' exception 'e': with a single field, comps must be in, pmatch or intersects, not '='")]
    public void Bad_rules_file_names_file_line_item_and_reason(string text, string expected)
    {
        var error = Assert.Throws<InputException>(() => Files(text));
        Assert.StartsWith(expected, error.OneLine, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.OneLine);
    }

    [Fact]
    public void Old_engine_v4_rules_are_refused_for_contains_on_a_list_field()
    {
        var path = Support.SharedData.Require("falco/legacy-tests/rules/k8s_audit/engine_v4_k8s_audit_rules.yaml");
        var error = Assert.Throws<InputException>(() => DetectionRuleSet.Load([DetectionRulesFile.Read(path)]));
        Assert.EndsWith(
            "rule 'ClusterRole With Wildcard Created': condition: operator 'contains' is not supported on list field ka.req.role.rules.resources (only exists, in, intersects)",
            error.OneLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_rules_file_is_an_input_error()
    {
        var error = Assert.Throws<InputException>(() => DetectionRulesFile.Read("/nonexistent/rules.yaml"));
        Assert.StartsWith("/nonexistent/rules.yaml: cannot read the rules file", error.OneLine, StringComparison.Ordinal);
    }
}
