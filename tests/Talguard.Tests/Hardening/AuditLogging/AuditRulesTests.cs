using Talguard.Findings;
using static Talguard.Tests.Hardening.AuditLogging.AuditFindings;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>Each AUD rule firing, or not, at the place spec/rules.md names.</summary>
public class AuditRulesTests
{
    private const string Quiet = "omitStages: [RequestReceived]\n";
    private const string P = "cluster.apiServer.auditPolicy.";

    [Theory]
    [InlineData("rules:\n- level: RequestResponse\n", "rules[0]")]
    [InlineData("rules:\n- level: Request\n", "rules[0]")]
    [InlineData("rules:\n- level: RequestResponse\n  resources: [{group: ''}]\n- level: Metadata\n", "rules[0]")]
    [InlineData("rules:\n- level: Request\n  resources: [{group: '', resources: ['*']}]\n- level: Metadata\n", "rules[0]")]
    [InlineData("rules:\n- level: RequestResponse\n  userGroups: [system:masters]\n- level: Metadata\n", "rules[0]")]
    [InlineData("rules:\n- level: RequestResponse\n  users: [bob]\n  verbs: [get]\n- level: Metadata\n", "rules[0]")]
    [InlineData("rules:\n- level: Metadata\n  namespaces: [prod]\n  resources: [{group: '', resources: [secrets]}]\n- level: RequestResponse\n", "rules[1]")]
    [InlineData("rules:\n- level: Metadata\n  resources: [{group: '', resources: [secrets], resourceNames: [a]}]\n- level: Request\n", "rules[1]")]
    [InlineData("rules:\n- level: Metadata\n  userGroups: [system:authenticated]\n  resources: [{group: '', resources: [secrets]}]\n- level: RequestResponse\n", "rules[1]")]
    [InlineData("rules:\n- level: Request\n  verbs: [get, list, watch, delete]\n- level: Metadata\n", "")]
    [InlineData("rules:\n- level: Metadata\n  resources: [{group: '', resources: [secrets]}]\n- level: RequestResponse\n", "")]
    [InlineData("rules:\n- level: RequestResponse\n  resources: [{group: apps}, {group: '', resources: [pods, secrets/foo]}]\n- level: Metadata\n", "")]
    public void Aud001_secret_bodies_in_the_log(string policy, string expectedRule)
    {
        var found = Summary(InlinePolicy(Quiet + policy)).Where(f => f.StartsWith("TG-AUD-001", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedRule.Length == 0 ? [] : ["TG-AUD-001 " + P + expectedRule], found);
    }

    [Fact]
    public void Aud001_message_gives_an_example_request()
    {
        var finding = Assert.Single(Scan(InlinePolicy(Quiet + "rules:\n- level: RequestResponse\n  userGroups: [system:masters]\n- level: Metadata\n")));
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Contains("by user kubernetes-admin", finding.Message, StringComparison.Ordinal);
        Assert.Equal(11, finding.Location.Line);
    }

    [Fact]
    public void Aud001_standalone_policy_path_is_relative_to_the_document() =>
        Assert.Equal(["TG-AUD-001 rules[0]"], Summary(StandalonePolicy(Quiet + "rules:\n- level: RequestResponse\n")));

    [Theory]
    [InlineData("rules:\n- level: Metadata\n  verbs: [get]\n", true)]
    [InlineData("rules:\n- level: Metadata\n  nonResourceURLs: ['*']\n- level: Metadata\n  namespaces: ['']\n", true)]
    [InlineData("rules:\n- level: Metadata\n  verbs: [get]\n- level: Metadata\n", false)]
    [InlineData("rules: []\n", false)]
    public void Aud002_no_catch_all(string policy, bool fires)
    {
        Assert.Equal(fires, Summary(InlinePolicy(Quiet + policy)).Contains("TG-AUD-002 " + P + "rules"));
        Assert.Equal(fires, Summary(StandalonePolicy(Quiet + policy)).Contains("TG-AUD-002 rules"));
    }

    [Theory]
    [InlineData("- level: Metadata\n- level: None\n  verbs: [get]\n", "rules[1]")]
    [InlineData("- level: Request\n  resources: [{group: '', resources: ['pods/*']}]\n- level: Metadata\n  resources: [{group: '', resources: [pods/log, pods]}]\n- level: Metadata\n", "rules[1]")]
    [InlineData("- level: Request\n  resources: [{group: ''}]\n- level: Metadata\n  namespaces: [a]\n  resources: [{group: '', resources: [secrets], resourceNames: [x]}]\n- level: Metadata\n", "rules[1]")]
    [InlineData("- level: None\n  nonResourceURLs: ['/api*']\n- level: Metadata\n  nonResourceURLs: [/apis/foo, '/api/v1*']\n- level: Metadata\n", "rules[1]")]
    [InlineData("- level: Request\n  userGroups: [a, b]\n  verbs: [get, list]\n- level: Metadata\n  userGroups: [b]\n  verbs: [list]\n- level: Metadata\n", "rules[1]")]
    [InlineData("- level: Request\n  resources: [{group: '', resources: ['*/scale']}]\n- level: Metadata\n  resources: [{group: '', resources: [replicationcontrollers/scale]}]\n- level: Metadata\n", "rules[1]")]
    [InlineData("- level: Request\n  namespaces: [a]\n- level: Metadata\n  resources: [{group: '', resources: [pods]}]\n- level: Metadata\n", "")]
    [InlineData("- level: Request\n  users: [a]\n- level: Metadata\n  userGroups: [b]\n- level: Metadata\n", "")]
    [InlineData("- level: Request\n  resources: [{group: '', resources: [pods], resourceNames: [x]}]\n- level: Metadata\n  resources: [{group: '', resources: [pods]}]\n- level: Metadata\n", "")]
    [InlineData("- level: Request\n  resources: [{group: '', resources: ['*/log']}]\n- level: Metadata\n  resources: [{group: '', resources: ['pods/*']}]\n- level: Metadata\n", "")]
    [InlineData("- level: None\n  nonResourceURLs: ['/api']\n- level: Metadata\n  nonResourceURLs: ['/api*']\n- level: Metadata\n", "")]
    public void Aud003_shadowed_rule(string rules, string expectedRule)
    {
        var found = Summary(InlinePolicy(Quiet + "rules:\n" + rules)).Where(f => f.StartsWith("TG-AUD-003", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedRule.Length == 0 ? [] : ["TG-AUD-003 " + P + expectedRule], found);
    }

    [Theory]
    [InlineData("audit-log-maxage: \"7\"", "cluster.apiServer.extraArgs.audit-log-maxage")]
    [InlineData("audit-log-maxbackup: 9", "cluster.apiServer.extraArgs.audit-log-maxbackup")]
    [InlineData("audit-log-maxsize: \"50\"", "cluster.apiServer.extraArgs.audit-log-maxsize")]
    [InlineData("audit-log-maxage: [\"40\", \"5\"]", "cluster.apiServer.extraArgs.audit-log-maxage[1]")]
    [InlineData("audit-log-maxage: \"30\"\n  audit-log-maxbackup: \"10\"\n  audit-log-maxsize: \"100\"", "")]
    [InlineData("audit-log-maxage: \"90\"", "")]
    [InlineData("audit-log-maxage: \"0\"\n  audit-log-maxbackup: \"0\"\n  audit-log-maxsize: \"0\"", "")]
    [InlineData("audit-log-maxbackup: \"-1\"", "cluster.apiServer.extraArgs.audit-log-maxbackup")]
    [InlineData("audit-log-maxage: \"1\"\n  audit-log-path: \"-\"", "")]
    public void Aud004_retention(string args, string expectedPath)
    {
        var found = Scan(ControlPlaneConfig("extraArgs:\n  " + args + "\n")).Where(f => f.RuleId == "TG-AUD-004").ToList();
        Assert.Equal(expectedPath.Length == 0 ? [] : [expectedPath], found.Select(f => f.Location.Path));
        Assert.All(found, f => Assert.Equal(Severity.Medium, f.Severity));
    }

    [Theory]
    [InlineData("auditPolicy:\n  rules:\n  - level: None\n    verbs: [get]\n  - level: None\n  - level: Metadata\n", "cluster.apiServer.auditPolicy.rules[1]", Severity.High)]
    [InlineData("extraArgs:\n  audit-log-path: \"\"\n", "cluster.apiServer.extraArgs.audit-log-path", Severity.High)]
    [InlineData("extraArgs:\n  audit-log-path: [/var/log/audit/kube/a.log, \"\"]\n", "cluster.apiServer.extraArgs.audit-log-path[1]", Severity.High)]
    [InlineData("extraArgs:\n  audit-log-path: \"-\"\n", "cluster.apiServer.extraArgs.audit-log-path", Severity.Medium)]
    [InlineData("extraArgs:\n  audit-log-path: \"\"\n  audit-webhook-config-file: /etc/kubernetes/webhook.yaml\n", "", Severity.Info)]
    [InlineData("extraArgs:\n  audit-log-path: /var/log/audit/kube/kube-apiserver.log\n", "", Severity.Info)]
    [InlineData("auditPolicy:\n  rules:\n  - level: Metadata\n  - level: None\n", "", Severity.Info)]
    public void Aud005_auditing_off(string apiServer, string expectedPath, Severity severity)
    {
        var found = Scan(ControlPlaneConfig(apiServer)).Where(f => f.RuleId == "TG-AUD-005").ToList();
        Assert.Equal(expectedPath.Length == 0 ? [] : [expectedPath], found.Select(f => f.Location.Path));
        Assert.All(found, f => Assert.Equal(severity, f.Severity));
    }

    [Theory]
    [InlineData("resources: [{group: '', resources: [pods, deployments]}]", "rules[0].resources[0]")]
    [InlineData("resources: [{group: '', resources: [secrets]}, {resources: ['ingresses/status']}]", "rules[0].resources[1]")]
    [InlineData("resources: [{group: apps, resources: [pods]}]", "rules[0].resources[0]")]
    [InlineData("resources: [{group: rbac.authorization.k8s.io, resources: [secrets]}]", "rules[0].resources[0]")]
    [InlineData("resources: [{group: '*', resources: [secrets]}]", "rules[0].resources[0]")]
    [InlineData("resources: [{group: apps, resources: [deployments, 'deployments/scale']}, {group: batch, resources: [jobs, cronjobs]}]", "")]
    [InlineData("resources: [{group: extensions, resources: [deployments, ingresses]}, {group: events.k8s.io, resources: [events]}, {group: '', resources: [events]}]", "")]
    [InlineData("resources: [{group: example.com, resources: [pods]}, {group: metrics.k8s.io, resources: [pods]}, {group: '', resources: [widgets, '*', '*/scale']}]", "")]
    public void Aud006_wrong_group(string rule, string expectedPath)
    {
        var found = Summary(InlinePolicy(Quiet + "rules:\n- level: Request\n  " + rule + "\n- level: Metadata\n"))
            .Where(f => f.StartsWith("TG-AUD-006", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedPath.Length == 0 ? [] : ["TG-AUD-006 " + P + expectedPath], found);
    }

    [Theory]
    [InlineData("rules:\n- level: None\n  verbs: [watch]\n- level: Metadata\n", "rules[1]")]
    [InlineData("rules:\n- level: Metadata\n  omitStages: [RequestReceived]\n- level: Request\n  omitStages: [ResponseStarted]\n", "rules[1]")]
    [InlineData("omitStages: [RequestReceived]\nrules:\n- level: Metadata\n", "")]
    [InlineData("rules:\n- level: None\n", "")]
    public void Aud007_request_received_kept(string policy, string expectedRule)
    {
        var found = Summary(InlinePolicy(policy)).Where(f => f.StartsWith("TG-AUD-007", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedRule.Length == 0 ? [] : ["TG-AUD-007 " + P + expectedRule], found);
    }

    [Fact]
    public void Aud007_fires_on_the_talos_default_where_auditPolicy_belongs()
    {
        var finding = Assert.Single(Scan(ControlPlaneConfig("image: registry.k8s.io/kube-apiserver:v1.34.1\n")));
        Assert.Equal(("TG-AUD-007", "cluster.apiServer.auditPolicy", Severity.Low), (finding.RuleId, finding.Location.Path, finding.Severity));
        Assert.StartsWith("Talos's default policy", finding.Message, StringComparison.Ordinal);
        Assert.Contains("auditPolicy:", finding.Patch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rules: []\n", "cluster.apiServer.auditPolicy.rules")]
    [InlineData("rules:\n- level: Metadata\n  omitStages: [requestreceived]\n", "cluster.apiServer.auditPolicy.rules[0].omitStages[0]")]
    [InlineData("rules:\n- level: RequestResponse\n  resources: [{group: rbac.authorization.k8s.io/v1}]\n", "cluster.apiServer.auditPolicy.rules[0].resources[0].group")]
    [InlineData("rules:\n- level: Metadata\n  nonResourceURLs: [/healthz]\n  namespaces: [default]\n", "cluster.apiServer.auditPolicy.rules[0].nonResourceURLs")]
    [InlineData("rules:\n- level: Metadata\n  verbs: get\n", "cluster.apiServer.auditPolicy.rules[0].verbs")]
    public void Aud008_refused_policy(string policy, string expectedPath)
    {
        var found = Scan(InlinePolicy(Quiet + policy)).Where(f => f.RuleId == "TG-AUD-008").ToList();
        Assert.Equal([expectedPath], found.Select(f => f.Location.Path));
        Assert.Equal(Severity.High, found[0].Severity);
    }

    [Fact]
    public void Aud008_wrong_api_version_of_a_standalone_policy() =>
        Assert.Equal(["TG-AUD-008 apiVersion"],
            Summary(("policy.yaml", "apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nomitStages: [RequestReceived]\nrules: [{level: Metadata}]\n")));

    [Fact]
    public void Undecodable_policy_gets_only_the_refusal()
    {
        var found = Summary(InlinePolicy("rules:\n- level: RequestResponse\n  verbs: get\n"));
        Assert.Equal(["TG-AUD-008 " + P + "rules[0].verbs"], found);
    }

    [Fact]
    public void Workers_patches_and_other_policy_kinds_are_not_audited()
    {
        var worker = ("worker.yaml", "version: v1alpha1\nmachine:\n  type: worker\ncluster:\n  apiServer:\n    auditPolicy:\n      rules: []\n    extraArgs:\n      audit-log-maxage: \"1\"\n");
        var patch = ("patch.yaml", "apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\n");
        var kyverno = ("kyverno.yaml", "apiVersion: kyverno.io/v1\nkind: Policy\nmetadata: {name: x}\nspec: {rules: []}\n");
        Assert.Empty(Scan(worker, patch, kyverno));
    }

    [Fact]
    public void Every_rule_is_registered_with_its_contract_severity()
    {
        var descriptors = Talguard.Hardening.AuditLogging.AuditLoggingRules.Instance.ScanRules.Select(r => (r.Descriptor.Id, r.Descriptor.Severity));
        Assert.Equal(
            [
                ("TG-AUD-001", Severity.High), ("TG-AUD-002", Severity.Medium), ("TG-AUD-003", Severity.Low), ("TG-AUD-004", Severity.Medium),
                ("TG-AUD-005", Severity.High), ("TG-AUD-006", Severity.Low), ("TG-AUD-007", Severity.Low), ("TG-AUD-008", Severity.High),
                ("TG-AUD-009", Severity.Info),
            ],
            descriptors);
    }
}
