using Talguard.Hardening.AuditLogging;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>The load-time checks of kube-apiserver (FACTS §a.3): what it refuses, and the field at fault.</summary>
public class AuditPolicyValidatorTests
{
    public static TheoryData<string, string> RefusedPolicies => new()
    {
        { "rules: []", "rules" },
        { "omitStages: [RequestReceived]", "rules" },
        { "rules: [{level: metadata}]", "rules[0].level" },
        { "rules: [{level: Verbose}]", "rules[0].level" },
        { "rules: [{verbs: [get]}]", "rules[0].level" },
        { "rules: [{level: Metadata, omitStages: [ResponseReceived]}]", "rules[0].omitStages[0]" },
        { "omitStages: [requestReceived]\nrules: [{level: Metadata}]", "omitStages[0]" },
        { "rules: [{level: None, nonResourceURLs: ['/healthz'], resources: [{group: ''}]}]", "rules[0].nonResourceURLs" },
        { "rules: [{level: None, nonResourceURLs: ['/healthz'], namespaces: [kube-system]}]", "rules[0].nonResourceURLs" },
        { "rules: [{level: None, nonResourceURLs: ['/api/*/pods']}]", "rules[0].nonResourceURLs[0]" },
        { "rules: [{level: None, nonResourceURLs: ['healthz']}]", "rules[0].nonResourceURLs[0]" },
        { "rules: [{level: Metadata, resources: [{group: apps/v1, resources: [deployments]}]}]", "rules[0].resources[0].group" },
        { "rules: [{level: Metadata, resources: [{group: Apps}]}]", "rules[0].resources[0].group" },
        { "rules: [{level: Metadata, resources: [{group: '*'}]}]", "rules[0].resources[0].group" },
        { "rules: [{level: Metadata, resources: [{group: '', resourceNames: [x]}]}]", "rules[0].resources[0].resourceNames" },
    };

    [Theory]
    [MemberData(nameof(RefusedPolicies))]
    public void Refused_policy_names_the_offending_field(string body, string path)
    {
        var problems = Validate(body);
        Assert.Contains(problems, p => p.Path == path);
        Assert.All(problems, p => Assert.NotNull(p.Node));
    }

    public static TheoryData<string> AcceptedPolicies => new()
    {
        "rules: [{level: Metadata}]",
        "omitStages: [RequestReceived, ResponseStarted, ResponseComplete, Panic]\nrules: [{level: None}]",
        "rules: [{level: None, nonResourceURLs: ['*', '/healthz*', '/version']}]",
        "rules: [{level: Request, resources: [{group: rbac.authorization.k8s.io, resources: [roles], resourceNames: [admin]}]}]",
        "rules: [{level: RequestResponse, namespaces: [''], resources: [{group: ''}, {}]}]",
        "rules: [{level: Metadata, omitManagedFields: true, users: [a], userGroups: [b], verbs: [get]}]",
    };

    [Theory]
    [MemberData(nameof(AcceptedPolicies))]
    public void Accepted_policy_has_no_problem(string body) => Assert.Empty(Validate(body));

    [Theory]
    [InlineData("rules: {level: Metadata}", "rules")]
    [InlineData("rules: [Metadata]", "rules[0]")]
    [InlineData("rules: [{level: Metadata, verbs: get}]", "rules[0].verbs")]
    [InlineData("rules: [{level: Metadata, namespaces: [2024]}]", "rules[0].namespaces[0]")]
    [InlineData("rules: [{level: Metadata, omitManagedFields: 'yes'}]", "rules[0].omitManagedFields")]
    [InlineData("rules: [{level: Metadata, resources: [pods]}]", "rules[0].resources[0]")]
    public void Values_the_decoder_rejects_are_reported(string body, string path)
    {
        var read = Read(body);
        Assert.Contains(read.DecodeProblems, p => p.Path == path);
    }

    [Fact]
    public void Only_the_v1_policy_api_is_served()
    {
        var read = AuditPolicyReader.Read(Root("apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: Metadata}]"));
        Assert.Equal("apiVersion", Assert.Single(read.DecodeProblems).Path);
        Assert.Empty(AuditPolicyReader.Read(Root("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}]")).DecodeProblems);
    }

    [Fact]
    public void Reader_keeps_every_field_and_defaults_group_to_core()
    {
        var policy = Read("""
            omitStages: [RequestReceived]
            omitManagedFields: true
            rules:
              - level: Request
                users: [alice]
                userGroups: [devs]
                verbs: [get, list]
                namespaces: [prod]
                resources:
                  - resources: [pods, pods/log]
                    resourceNames: [web]
                omitStages: [Panic]
                omitManagedFields: false
              - level: None
                nonResourceURLs: [/healthz]
            """).Policy;
        Assert.Equal([AuditStage.RequestReceived], policy.OmitStages);
        Assert.True(policy.OmitManagedFields);
        var rule = policy.Rules[0];
        Assert.Equal((AuditLevel.Request, "alice", "devs", 2, "prod"), (rule.Level, rule.Users[0], rule.UserGroups[0], rule.Verbs.Count, rule.Namespaces[0]));
        Assert.Equal(("", 2, "web"), (rule.Resources[0].Group, rule.Resources[0].Resources.Count, rule.Resources[0].ResourceNames[0]));
        Assert.Equal([AuditStage.Panic], rule.OmitStages);
        Assert.False(rule.OmitManagedFields);
        Assert.Equal(("/healthz", 1), (policy.Rules[1].NonResourceUrls[0], policy.Rules[1].Index));
    }

    [Theory]
    [InlineData("apps", true)]
    [InlineData("rbac.authorization.k8s.io", true)]
    [InlineData("a-b.example.com", true)]
    [InlineData("apps/v1", false)]
    [InlineData("Apps", false)]
    [InlineData("*", false)]
    [InlineData("-apps", false)]
    [InlineData("apps.", false)]
    [InlineData("apps\n", false)]
    public void Groups_must_be_dns_subdomains(string group, bool valid) => Assert.Equal(valid, AuditPolicyValidator.IsDnsSubdomain(group));

    private static IReadOnlyList<AuditPolicyProblem> Validate(string body)
    {
        var read = Read(body);
        Assert.Empty(read.DecodeProblems);
        return AuditPolicyValidator.Validate(read.Policy);
    }

    private static AuditPolicyReadResult Read(string body) => AuditPolicyReader.Read(Root("apiVersion: audit.k8s.io/v1\nkind: Policy\n" + body));

    private static Talguard.Model.YamlNode Root(string text) => Yaml.File("policy.yaml", text).Documents[0].Root!;
}
