using Talguard.Hardening.AuditLogging;

namespace Talguard.Tests.Hardening.AuditLogging;

/// <summary>
/// The cases of kube-apiserver's policy checker tests (shared/falco/FACTS.md §b), written out as tables:
/// the same requests, rules and policies, and the verdicts upstream expects.
/// </summary>
public class AuditPolicyEvaluatorConformanceTests
{
    private const string RR = AuditStage.RequestReceived;
    private const string RS = AuditStage.ResponseStarted;
    private const string RC = AuditStage.ResponseComplete;

    private static readonly AuditUser Tim = new("tim@k8s.io", ["humans", "developers"]);

    private static readonly Dictionary<string, AuditRequest> Requests = new()
    {
        ["NS"] = new()
        {
            User = Tim, Verb = "get", IsResourceRequest = true, Namespace = "default", Resource = "pods", Name = "busybox",
            Path = "/api/v1/namespaces/default/pods/busybox",
        },
        ["CL"] = new()
        {
            User = Tim, Verb = "get", IsResourceRequest = true, ApiGroup = "rbac.authorization.k8s.io", Resource = "clusterroles", Name = "edit",
            Path = "/apis/rbac.authorization.k8s.io/v1beta1/clusterroles/edit",
        },
        ["NR"] = new() { User = Tim, Verb = "get", Path = "/logs/kubelet.log" },
        ["SUB"] = new()
        {
            User = Tim, Verb = "get", IsResourceRequest = true, Namespace = "default", Resource = "pods", Subresource = "log", Name = "busybox",
            Path = "/api/v1/namespaces/default/pods/busybox",
        },
        ["ANON"] = new()
        {
            Verb = "get", IsResourceRequest = true, Namespace = "default", Resource = "pods", Name = "busybox",
            Path = "/api/v1/namespaces/default/pods/busybox",
        },
    };

    private static readonly Dictionary<string, AuditPolicyRule> Rules = new()
    {
        ["default"] = new() { Level = AuditLevel.Metadata },
        ["create"] = new() { Level = AuditLevel.Request, Verbs = ["create"] },
        ["tims"] = new() { Level = AuditLevel.Metadata, Users = ["tim@k8s.io"] },
        ["humans"] = new() { Level = AuditLevel.Metadata, UserGroups = ["humans"] },
        ["sa"] = new() { Level = AuditLevel.Request, UserGroups = ["system:serviceaccounts"] },
        ["getPods"] = new() { Level = AuditLevel.RequestResponse, Verbs = ["get"], Resources = [new("", ["pods"])] },
        ["getPodLogs"] = new() { Level = AuditLevel.Request, Verbs = ["get"], Resources = [new("", ["pods/log"])] },
        ["wild"] = new() { Level = AuditLevel.Request, Verbs = ["get"], Resources = [new("", ["*"])] },
        ["starLog"] = new() { Level = AuditLevel.Request, Verbs = ["get"], Resources = [new("", ["*/log"])] },
        ["podsStar"] = new() { Level = AuditLevel.Request, Verbs = ["get"], Resources = [new("", ["pods/*"])] },
        ["getCR"] = new()
        {
            Level = AuditLevel.RequestResponse, Verbs = ["get"], Resources = [new("rbac.authorization.k8s.io", ["clusterroles"])], Namespaces = [""],
        },
        ["logs"] = new() { Level = AuditLevel.RequestResponse, Verbs = ["get"], NonResourceUrls = ["/logs*"] },
        ["metrics"] = new() { Level = AuditLevel.Request, Verbs = ["get"], NonResourceUrls = ["/metrics"] },
        ["crEdit"] = new() { Level = AuditLevel.Request, Resources = [new("rbac.authorization.k8s.io", ["clusterroles"], ["edit"])] },
        ["omitRR"] = new() { Level = AuditLevel.Request, OmitStages = [RR] },
        ["panicOnly"] = new() { Level = AuditLevel.Request, OmitStages = [RR, RS, RC] },
    };

    public static TheoryData<string, string, string> LevelCases => new()
    {
        { "NS", "default", "Metadata" },
        { "NS", "create", "None" },
        { "NS", "tims", "Metadata" },
        { "NS", "humans", "Metadata" },
        { "NS", "sa", "None" },
        { "NS", "getPods", "RequestResponse" },
        { "NS", "getCR", "None" },
        { "NS", "logs", "None" },
        { "NS", "metrics", "None" },
        { "NS", "metrics,sa,default", "Metadata" },
        { "NS", "metrics,getPods,default", "RequestResponse" },
        { "NS", "getPodLogs,getPods", "RequestResponse" },
        { "CL", "default", "Metadata" },
        { "CL", "create", "None" },
        { "CL", "tims", "Metadata" },
        { "CL", "humans", "Metadata" },
        { "CL", "sa", "None" },
        { "CL", "getPods", "None" },
        { "CL", "getCR", "RequestResponse" },
        { "CL", "crEdit,getCR", "Request" },
        { "CL", "logs", "None" },
        { "CL", "metrics", "None" },
        { "CL", "metrics,sa,default", "Metadata" },
        { "CL", "metrics,getCR,default", "RequestResponse" },
        { "CL", "getPodLogs,getPods", "None" },
        { "NR", "default", "Metadata" },
        { "NR", "create", "None" },
        { "NR", "tims", "Metadata" },
        { "NR", "humans", "Metadata" },
        { "NR", "sa", "None" },
        { "NR", "getPods", "None" },
        { "NR", "getCR", "None" },
        { "NR", "logs", "RequestResponse" },
        { "NR", "metrics", "None" },
        { "NR", "metrics,sa,default", "Metadata" },
        { "NR", "logs,getCR,default", "RequestResponse" },
        { "NR", "getPodLogs,getPods", "None" },
        { "SUB", "getPodLogs,getPods", "Request" },
        { "SUB", "wild", "Request" },
        { "SUB", "starLog", "Request" },
        { "SUB", "podsStar", "Request" },
        { "ANON", "tims", "None" },
        { "ANON", "tims,default", "Metadata" },
        { "ANON", "humans", "None" },
        { "ANON", "humans,default", "Metadata" },
    };

    [Theory]
    [MemberData(nameof(LevelCases))]
    public void Level_and_stages_match_upstream_with_no_policy_stages(string request, string rules, string level) =>
        AssertDecision(request, rules, [], level, []);

    [Theory]
    [MemberData(nameof(LevelCases))]
    public void Level_and_stages_match_upstream_with_policy_stages(string request, string rules, string level) =>
        AssertDecision(request, rules, [RR, RS], level, [RR, RS]);

    public static TheoryData<string, string, string, string, string> StageCases => new()
    {
        { "", "NS", "omitRR,getPods,default", "Request", "RequestReceived" },
        { "", "CL", "omitRR,getPods,default", "Request", "RequestReceived" },
        { "", "NR", "omitRR,getPods,default", "Request", "RequestReceived" },
        { "", "NS", "panicOnly,getPods,default", "Request", "RequestReceived,ResponseStarted,ResponseComplete" },
        { "", "CL", "panicOnly,getPods,default", "Request", "RequestReceived,ResponseStarted,ResponseComplete" },
        { "", "NR", "panicOnly,getPods,default", "Request", "RequestReceived,ResponseStarted,ResponseComplete" },
        { "RequestReceived,ResponseStarted", "NS", "omitRR,getPods,default", "Request", "RequestReceived,ResponseStarted" },
        { "RequestReceived,ResponseStarted", "CL", "omitRR,getPods,default", "Request", "RequestReceived,ResponseStarted" },
        { "RequestReceived,ResponseStarted", "NS", "panicOnly,getPods,default", "Request", "RequestReceived,ResponseStarted,ResponseComplete" },
        { "RequestReceived,ResponseStarted", "CL", "panicOnly,getPods,default", "Request", "RequestReceived,ResponseStarted,ResponseComplete" },
        { "RequestReceived,ResponseStarted", "NR", "panicOnly,getPods,default", "Request", "RequestReceived,ResponseStarted,ResponseComplete" },
        { "RequestReceived,ResponseStarted", "NR", "default,omitRR,getPods", "Metadata", "RequestReceived,ResponseStarted" },
    };

    [Theory]
    [MemberData(nameof(StageCases))]
    public void Omitted_stages_are_the_union_of_policy_and_rule(string policyStages, string request, string rules, string level, string stages) =>
        AssertDecision(request, rules, Split(policyStages), level, Split(stages));

    public static TheoryData<string?, string, string> UnionCases => new()
    {
        { "", "", "" },
        { "RequestReceived", "", "RequestReceived" },
        { "RequestReceived", "RequestReceived", "RequestReceived" },
        { "RequestReceived", "ResponseStarted", "RequestReceived,ResponseStarted" },
        { "RequestReceived,RequestReceived", "RequestReceived,RequestReceived", "RequestReceived" },
        { "RequestReceived,ResponseStarted", "Panic,RequestReceived", "RequestReceived,ResponseStarted,Panic" },
        { null, "RequestReceived", "RequestReceived" },
    };

    [Theory]
    [MemberData(nameof(UnionCases))]
    public void Stage_union_collapses_duplicates(string? first, string second, string expected)
    {
        var union = AuditPolicyEvaluator.UnionStages(first is null ? null : Split(first), Split(second));
        Assert.Equal(Split(expected).Order(StringComparer.Ordinal), union.Order(StringComparer.Ordinal));
        Assert.Equal(union.Count, union.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(true, null, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, true)]
    public void Rule_omitManagedFields_overrides_the_policy(bool policyValue, bool? ruleValue, bool expected)
    {
        var policy = new AuditPolicy
        {
            OmitManagedFields = policyValue,
            Rules = [new AuditPolicyRule { Level = AuditLevel.RequestResponse, Verbs = ["get"], OmitManagedFields = ruleValue }],
        };
        var decision = new AuditPolicyEvaluator(policy).Evaluate(new AuditRequest { Verb = "get" });
        Assert.Equal(AuditLevel.RequestResponse, decision.Level);
        Assert.Equal(expected, decision.OmitManagedFields);
    }

    [Fact]
    public void No_matching_rule_gives_None_with_the_policy_settings()
    {
        var policy = new AuditPolicy { OmitStages = [RR], OmitManagedFields = true, Rules = [Rules["create"]] };
        var decision = new AuditPolicyEvaluator(policy).Evaluate(Requests["NS"]);
        Assert.Equal(AuditLevel.None, decision.Level);
        Assert.Equal([RR], decision.OmitStages);
        Assert.True(decision.OmitManagedFields);
        Assert.Equal(-1, decision.RuleIndex);
    }

    /// <summary>The derived cases of FACTS §b: our own claims about checker.go, which upstream does not test.</summary>
    public static TheoryData<string, AuditRequest, AuditPolicyRule, bool> DerivedCases => new()
    {
        { "pods/* also covers bare pods", Requests["NS"], new() { Level = AuditLevel.Request, Resources = [new("", ["pods/*"])] }, true },
        {
            "deployments under the core group",
            new() { User = Tim, Verb = "get", IsResourceRequest = true, Namespace = "default", ApiGroup = "apps", Resource = "deployments", Name = "x" },
            new() { Level = AuditLevel.Request, Resources = [new("", ["deployments"])] }, false
        },
        { "no group wildcard", Requests["NS"], new() { Level = AuditLevel.Request, Resources = [new("*", ["*"])] }, false },
        {
            "collection request against resourceNames",
            new() { User = Tim, Verb = "list", IsResourceRequest = true, Namespace = "default", Resource = "pods" },
            new() { Level = AuditLevel.Request, Resources = [new("", ["pods"], ["busybox"])] }, false
        },
        {
            "all-namespaces list has namespace \"\"",
            new() { User = Tim, Verb = "list", IsResourceRequest = true, Resource = "pods", Path = "/api/v1/pods" },
            new() { Level = AuditLevel.Request, Namespaces = [""] }, true
        },
        {
            "a Namespace object is in its own namespace",
            new() { User = Tim, Verb = "get", IsResourceRequest = true, Namespace = "foo", Resource = "namespaces", Name = "foo", Path = "/api/v1/namespaces/foo" },
            new() { Level = AuditLevel.Request, Namespaces = ["foo"] }, true
        },
        {
            "URL prefix is a plain string prefix",
            new() { User = Tim, Verb = "get", Path = "/logsfoo" },
            new() { Level = AuditLevel.Request, NonResourceUrls = ["/logs*"] }, true
        },
        { "* matches every URL", Requests["NR"], new() { Level = AuditLevel.Request, NonResourceUrls = ["*"] }, true },
        { "URL rule never matches a resource request", Requests["NS"], new() { Level = AuditLevel.Request, NonResourceUrls = ["*"] }, false },
        { "namespace rule never matches a non-resource request", Requests["NR"], new() { Level = AuditLevel.Request, Namespaces = ["default"] }, false },
        { "verbs have no wildcard", Requests["NS"], new() { Level = AuditLevel.Request, Verbs = ["*"] }, false },
        { "pods does not match pods/log", Requests["SUB"], new() { Level = AuditLevel.Request, Resources = [new("", ["pods"])] }, false },
    };

    [Theory]
    [MemberData(nameof(DerivedCases))]
    public void Derived_matching_cases(string because, AuditRequest request, AuditPolicyRule rule, bool matches) =>
        Assert.True(AuditPolicyEvaluator.RuleMatches(rule, request) == matches, because);

    private static void AssertDecision(string request, string rules, string[] policyStages, string level, string[] stages)
    {
        var policy = new AuditPolicy
        {
            OmitStages = policyStages,
            Rules = [.. rules.Split(',').Select((name, i) => Rules[name] with { Index = i })],
        };
        var decision = new AuditPolicyEvaluator(policy).Evaluate(Requests[request]);
        Assert.Equal(level, decision.Level);
        Assert.Equal(stages.Order(StringComparer.Ordinal), decision.OmitStages.Order(StringComparer.Ordinal));
    }

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');
}
