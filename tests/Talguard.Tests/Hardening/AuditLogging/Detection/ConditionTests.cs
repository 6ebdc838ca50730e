using Talguard.Hardening.AuditLogging.Detection;
using static Talguard.Tests.Hardening.AuditLogging.Detection.DetectionTestKit;

namespace Talguard.Tests.Hardening.AuditLogging.Detection;

/// <summary>Falco's condition grammar, operators, fields and missing-field semantics (FACTS §d).</summary>
public class ConditionTests
{
    [Theory]
    [InlineData("ka.verb=create", true)]
    [InlineData("ka.verb = create", true)]
    [InlineData("ka.verb==create", true)]
    [InlineData("ka.verb!=create", false)]
    [InlineData("ka.verb != get", true)]
    [InlineData("ka.user.name contains lic", true)]
    [InlineData("ka.user.name contains LIC", false)]
    [InlineData("ka.user.name icontains LIC", true)]
    [InlineData("ka.user.name startswith al", true)]
    [InlineData("ka.user.name endswith ce", true)]
    [InlineData("ka.user.name endswith al", false)]
    [InlineData("ka.uri glob \"/api/v1/*\"", true)]
    [InlineData("ka.user.name glob a?ice", true)]
    [InlineData("ka.user.name glob [a-b]lice", true)]
    [InlineData("ka.user.name glob [!a]lice", false)]
    [InlineData("ka.user.name glob AL*", false)]
    [InlineData("ka.user.name iglob AL*", true)]
    [InlineData("ka.user.name regex \"a.*e\"", true)]
    [InlineData("ka.user.name regex lic", false)]
    [InlineData("ka.response.code < 300", true)]
    [InlineData("ka.response.code <= 200", false)]
    [InlineData("ka.response.code >= 201", true)]
    [InlineData("ka.response.code > 201", false)]
    [InlineData("ka.verb in (get, create)", true)]
    [InlineData("ka.verb in (get,create)", true)]
    [InlineData("ka.verb in ()", false)]
    [InlineData("ka.verb intersects (create)", true)]
    [InlineData("ka.user.groups in (dev, system:authenticated, other)", true)]
    [InlineData("ka.user.groups in (dev)", false)]
    [InlineData("ka.user.groups intersects (dev, other)", true)]
    [InlineData("ka.user.groups intersects (other)", false)]
    [InlineData("ka.user.groups exists", true)]
    [InlineData("ka.uri pmatch (/api/v1)", true)]
    [InlineData("ka.uri pmatch (/api/v)", false)]
    [InlineData("ka.uri pmatch (/apis, /api/v1/namespaces/default)", true)]
    [InlineData("ka.user.name bcontains 6c6963", true)]
    [InlineData("ka.user.name bstartswith 616c", true)]
    [InlineData("ka.user.name bstartswith 6c", false)]
    public void Operator(string condition, bool expected) => Assert.Equal(expected, Fires(condition));

    [Theory]
    [InlineData("ka.impuser.name exists", false)]
    [InlineData("not ka.impuser.name exists", true)]
    [InlineData("ka.impuser.name != x", false)]
    [InlineData("not ka.impuser.name = x", true)]
    [InlineData("ka.impuser.name in (x)", false)]
    [InlineData("not ka.impuser.name in (x)", true)]
    [InlineData("ka.req.pod.initContainers.name exists", false)]
    [InlineData("ka.req.pod.initContainers.name intersects (a)", false)]
    [InlineData("not ka.req.pod.initContainers.name in (a)", true)]
    public void Missing_field_fails_every_comparison(string condition, bool expected) => Assert.Equal(expected, Fires(condition));

    [Theory]
    [InlineData("ka.verb=get and ka.verb=x or ka.verb=create", true)]
    [InlineData("ka.verb=create or ka.verb=x and ka.verb=get", true)]
    [InlineData("not ka.verb=get and ka.verb=create", true)]
    [InlineData("not (ka.verb=create or ka.verb=get)", false)]
    [InlineData("not not ka.verb=create", true)]
    [InlineData("((ka.verb=create))and(ka.user.name=alice)", true)]
    [InlineData("ka.verb=create and\tka.user.name=alice", true)]
    [InlineData("not(ka.verb=get)", true)]
    public void Precedence_and_parentheses(string condition, bool expected) => Assert.Equal(expected, Fires(condition));

    [Theory]
    [InlineData("ka.user.name=\"alice\"", true)]
    [InlineData("ka.user.name='alice'", true)]
    [InlineData("ka.user.name=\"al\\\"ice\"", false)]
    [InlineData("ka.uri.param[note]=\"two words\"", true)]
    [InlineData("ka.target.namespace in (\"default\", 'kube-system')", true)]
    [InlineData("ka.response.code startswith 2", true)]
    [InlineData("ka.auth.decision=allow", true)]
    [InlineData("ka.user.groups intersects (system:authenticated)", true)]
    public void Literals_and_quoting(string condition, bool expected) => Assert.Equal(expected, Fires(condition));

    [Theory]
    [InlineData("ka.uri.param[command]=sh", true)]
    [InlineData("ka.uri.param[container]=c1", true)]
    [InlineData("ka.uri.param[missing] exists", false)]
    [InlineData("ka.req.pod.containers.image[1] in (reg.io/app@sha256:abc)", true)]
    [InlineData("ka.req.pod.containers.image[0] in (reg.io/app@sha256:abc)", false)]
    [InlineData("ka.req.pod.containers.image[5] exists", false)]
    [InlineData("ka.req.pod.containers.image.repository in (nginx, reg.io/app)", true)]
    [InlineData("ka.req.pod.containers.privileged in (true)", true)]
    [InlineData("ka.req.pod.containers.privileged intersects (false)", false)]
    [InlineData("ka.req.pod.containers.command in (\"run --fast\")", true)]
    [InlineData("ka.req.pod.containers.eff_run_as_user in (0, 1000)", true)]
    [InlineData("ka.req.pod.containers.eff_run_as_user intersects (1000)", true)]
    [InlineData("ka.req.pod.containers.host_port in (80, 8081)", true)]
    [InlineData("ka.req.pod.host_network=true", true)]
    [InlineData("ka.req.container.host_network=true", true)]
    [InlineData("ka.req.pod.host_pid exists", false)]
    [InlineData("ka.req.pod.run_as_user=1000", true)]
    [InlineData("ka.req.container.image=nginx:1.25", true)]
    [InlineData("ka.req.container.image.repository=nginx", true)]
    [InlineData("ka.req.container.privileged=true", true)]
    [InlineData("ka.req.pod.volumes.hostpath intersects (/etc)", true)]
    [InlineData("ka.req.pod.volumes.hostpath[1] exists", false)]
    [InlineData("ka.req.pod.volumes.volume_type in (hostPath, emptyDir)", true)]
    [InlineData("ka.req.volume.hostpath[/etc]=true", true)]
    [InlineData("ka.req.volume.hostpath[/e*]=true", true)]
    [InlineData("ka.req.volume.hostpath[/proc]=false", true)]
    [InlineData("ka.target.subresource=exec and ka.target.name=p and ka.target.namespace=default", true)]
    [InlineData("ka.auth.reason contains RBAC", true)]
    [InlineData("ka.auditid=a1 and ka.stage=ResponseComplete", true)]
    [InlineData("ka.sourceips exists", false)]
    [InlineData("jevt.value[/user/username]=alice", true)]
    [InlineData("jevt.value[user/groups/0]=dev", true)]
    [InlineData("jevt.value[/annotations/authorization.k8s.io~1decision]=allow", true)]
    [InlineData("jevt.value[/responseStatus/code]=201", true)]
    [InlineData("jevt.value[/responseStatus]=\"{\\\"code\\\":201}\"", true)]
    [InlineData("jevt.value[/nothing] exists", false)]
    [InlineData("jevt.rawtime=1704164645123456789", true)]
    [InlineData("json.value[/verb]=create", true)]
    public void Fields(string condition, bool expected) => Assert.Equal(expected, Fires(condition));

    [Fact]
    public void Without_auditID_no_ka_field_is_available_but_jevt_fields_are()
    {
        var withoutId = ExecEvent.Replace("\"auditID\":\"a1\",", string.Empty, StringComparison.Ordinal);
        Assert.False(Fires("ka.verb exists", withoutId));
        Assert.True(Fires("jevt.value[/verb]=create", withoutId));
        Assert.True(Fires("jevt.rawtime exists", withoutId));
    }

    [Fact]
    public void Output_substitutes_fields_lists_arguments_and_NA()
    {
        var rules = Rules(Rule("ka.verb=create",
            "u=%ka.user.name imp=%ka.impuser.name g=%ka.user.groups t=%ka.target.name/%ka.target.resource v=%(ka.verb) c=%ka.uri.param[command] j=%jevt.value[/user/username]."));
        var alert = Assert.Single(Evaluate(rules, ExecEvent));
        Assert.Equal("u=alice imp=<NA> g=(dev,system:authenticated) t=p/pods v=create c=sh j=alice.", alert.Output);
        Assert.Equal(
            [new("ka.user.name", "alice"), new("ka.impuser.name", null), new("ka.user.groups", "(dev,system:authenticated)"), new("ka.target.name", "p"),
             new("ka.target.resource", "pods"), new("ka.verb", "create"), new("ka.uri.param[command]", "sh"), new KeyValuePair<string, string?>("jevt.value[/user/username]", "alice")],
            alert.OutputFields);
    }

    [Fact]
    public void Lists_are_substituted_as_text_nested_one_level_quoted_and_empty()
    {
        var yaml = """
            - list: inner
              items: [create]
            - list: outer
              items: [get, inner]
            - list: spaced
              items: ["two words"]
            - list: empty
              items: []

            """ +
            Rule("ka.verb in (outer)", name: "nested") +
            Rule("ka.uri.param[note] in (spaced)", name: "quoted") +
            Rule("ka.verb in (empty, create)", name: "empty first") +
            Rule("ka.verb in (create, empty)", name: "empty last") +
            Rule("ka.verb in (empty)", name: "empty only") +
            Rule("ka.verb=\"inner\"", name: "quoted name stays");
        Assert.Equal(["nested", "quoted", "empty first", "empty last"], Fired(Rules(yaml), ExecEvent));
    }

    [Fact]
    public void Macros_nest_and_a_macro_sees_only_macros_defined_before_it()
    {
        var yaml = """
            - macro: is_create
              condition: ka.verb=create
            - macro: create_by_alice
              condition: (is_create and ka.user.name=alice)

            """ + Rule("create_by_alice and later") + """
            - macro: later
              condition: ka.target.resource=pods

            """;
        Assert.Equal(["r"], Fired(Rules(yaml), ExecEvent));

        var early = Assert.Throws<Talguard.Model.InputException>(() => Rules("""
            - macro: first
              condition: second
            - macro: second
              condition: ka.verb=create

            """ + Rule("first")));
        Assert.Equal("t.yaml:1: macro 'first' (used by rule 'r'): macro 'second' is used before it is defined", early.OneLine);
    }
}
