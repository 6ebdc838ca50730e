using System.Text.Json;

namespace Talguard.Tests.Rbac;

/// <summary>
/// <c>rbac who-can</c> and <c>rbac explain</c> over testdata/ (roles and bindings written for these tests: aggregation by
/// matchLabels and matchExpressions, a RoleBinding to a ClusterRole, wildcards, resourceNames, non-resource URLs, the
/// built-in cluster-admin and a binding to a role not among the inputs), answers worked out by hand from RBAC's rules.
/// </summary>
public sealed class RbacCommandTests
{
    private const string Data = "tests/Talguard.Tests/Rbac/testdata";

    private static JsonElement Json(params string[] args)
    {
        var outcome = Support.Cli.Run([.. args, Data, "--format", "json"]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        return JsonDocument.Parse(outcome.Stdout).RootElement.Clone();
    }

    /// <summary>Each grant as "SUBJECT @SCOPE via BINDING/ROLE#RULE" (aggregated rules name their own ClusterRole).</summary>
    private static List<string> Grants(JsonElement result) =>
    [
        .. result.GetProperty("grants").EnumerateArray().Select(g =>
        {
            var subject = g.GetProperty("subject");
            var who = subject.GetProperty("kind").GetString() + ":" + (subject.TryGetProperty("namespace", out var ns) ? ns.GetString() + ":" : string.Empty) + subject.GetProperty("name").GetString();
            var scope = g.GetProperty("namespace").ValueKind == JsonValueKind.Null ? "cluster" : g.GetProperty("namespace").GetString();
            if (g.GetProperty("binding").ValueKind == JsonValueKind.Null)
            {
                return $"{who} @{scope} built-in";
            }

            var role = g.GetProperty("role").ValueKind == JsonValueKind.Null ? "?" : g.GetProperty("role").GetProperty("name").GetString();
            var owner = g.GetProperty("aggregatedFrom").ValueKind == JsonValueKind.Null ? string.Empty : "<" + g.GetProperty("aggregatedFrom").GetProperty("name").GetString();
            var rule = g.GetProperty("ruleIndex").ValueKind == JsonValueKind.Null ? string.Empty : "#" + g.GetProperty("ruleIndex").GetInt32();
            return $"{who} @{scope} via {g.GetProperty("binding").GetProperty("name").GetString()}/{role}{owner}{rule}";
        }),
    ];

    [Fact]
    public void Who_can_get_pods_counts_aggregated_wildcard_and_built_in_grants()
    {
        Assert.Equal(
        [
            "Group:system:masters @cluster built-in",
            "Group:sre @cluster via break-glass/cluster-admin#0",
            "ServiceAccount:observability:prometheus @cluster via monitoring/monitoring<monitoring-pods#0",
            "User:root-bob @cluster via all-storage/not-aggregated#0",
        ], Grants(Json("rbac", "who-can", "get", "pods")));
    }

    [Fact]
    public void Aggregation_replaces_the_rules_written_in_the_aggregating_role()
    {
        // monitoring lists get on secrets itself, but the controller overwrites it with the selected roles' rules.
        var result = Json("rbac", "who-can", "get", "secrets", "-n", "payments");

        Assert.Equal(
        [
            "Group:system:masters @cluster built-in",
            "Group:sre @cluster via break-glass/cluster-admin#0",
            "User:alice @payments via payments-secrets/secret-reader#0",
            "User:root-bob @cluster via all-storage/not-aggregated#0",
        ], Grants(result));
        Assert.Contains(result.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("ClusterRole monitoring", StringComparison.Ordinal) && n.GetString()!.Contains("replaces the rules", StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_binding_grants_only_in_its_namespace()
    {
        Assert.DoesNotContain(Grants(Json("rbac", "who-can", "get", "secrets", "-n", "shop")), g => g.StartsWith("User:alice", StringComparison.Ordinal));
        Assert.Equal(
        [
            "Group:system:masters @cluster built-in",
            "Group:shop-devs @shop via deployer/deployer#2",
            "Group:sre @cluster via break-glass/cluster-admin#0",
            "ServiceAccount:shop:ci @shop via deployer/deployer#2",
            "User:root-bob @cluster via all-storage/not-aggregated#0",
        ], Grants(Json("rbac", "who-can", "create", "pods/exec", "-n", "shop")));
        Assert.DoesNotContain(Grants(Json("rbac", "who-can", "create", "pods/exec", "-n", "payments")), g => g.Contains("deployer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_well_known_resource_takes_its_api_group_and_another_group_matches_nothing()
    {
        var result = Json("rbac", "who-can", "create", "deployments", "-n", "shop");

        Assert.Equal("apps", result.GetProperty("apiGroup").GetString());
        Assert.Contains("Group:shop-devs @shop via deployer/deployer#0", Grants(result));
        Assert.DoesNotContain(Grants(Json("rbac", "who-can", "create", "deployments", "-n", "shop", "--api-group", "extensions")), g => g.Contains("deployer", StringComparison.Ordinal));
    }

    [Fact]
    public void Resource_names_are_noted()
    {
        var grant = Json("rbac", "who-can", "update", "configmaps", "-n", "shop").GetProperty("grants").EnumerateArray()
            .Single(g => g.GetProperty("subject").GetProperty("name").GetString() == "shop-devs");

        Assert.Equal(1, grant.GetProperty("ruleIndex").GetInt32());
        Assert.Equal(["app-config"], grant.GetProperty("rule").GetProperty("resourceNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(grant.GetProperty("notes").EnumerateArray(), n => n.GetString() == "only for the objects named app-config");
    }

    [Fact]
    public void Non_resource_urls_match_exactly_or_by_prefix_and_only_cluster_wide()
    {
        Assert.Equal(
        [
            "Group:system:masters @cluster built-in",
            "Group:sre @cluster via break-glass/cluster-admin#0",
            "ServiceAccount:observability:prometheus @cluster via monitoring/monitoring<monitoring-metrics#0",
        ], Grants(Json("rbac", "who-can", "get", "/debug/pprof/heap")));
        Assert.Equal(["Group:system:masters @cluster built-in", "Group:sre @cluster via break-glass/cluster-admin#0"], Grants(Json("rbac", "who-can", "post", "/metrics")));
    }

    [Fact]
    public void Explain_follows_a_service_account_through_its_groups_and_the_aggregation()
    {
        var result = Json("rbac", "explain", "ServiceAccount:observability:prometheus");

        Assert.Equal(
        [
            "Group:system:authenticated @cluster via everyone-views/?",
            "ServiceAccount:observability:prometheus @cluster via monitoring/monitoring<monitoring-pods#0",
            "ServiceAccount:observability:prometheus @cluster via monitoring/monitoring<monitoring-metrics#0",
        ], Grants(result));
        Assert.Equal(
            ["ServiceAccount", "User", "Group", "Group", "Group"],
            result.GetProperty("identities").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
    }

    [Fact]
    public void Explain_accepts_the_service_account_user_name_form()
    {
        Assert.Equal(
            Grants(Json("rbac", "explain", "ServiceAccount:shop:ci")),
            Grants(Json("rbac", "explain", "system:serviceaccount:shop:ci")));
        Assert.Contains("ServiceAccount:shop:ci @shop via deployer/deployer#0", Grants(Json("rbac", "explain", "ServiceAccount:shop:ci")));
    }

    [Fact]
    public void Explain_of_system_masters_says_it_bypasses_rbac()
    {
        Assert.Equal(["Group:system:masters @cluster built-in"], Grants(Json("rbac", "explain", "Group:system:masters")));
    }

    [Fact]
    public void The_table_shows_the_chain_with_places()
    {
        var outcome = Support.Cli.Run("rbac", "who-can", "get", "secrets", "-n", "payments", Data + "/roles.yaml", Data + "/bindings.yaml");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains(
            "User alice  [namespace payments]\n" +
            $"  ← RoleBinding payments/payments-secrets ({Data}/bindings.yaml:30) → Role payments/secret-reader ({Data}/roles.yaml:67) → rule 0 ({Data}/roles.yaml:73)\n" +
            "    verbs get,list; resources secrets; apiGroups core\n",
            outcome.Stdout,
            StringComparison.Ordinal);
        Assert.StartsWith("Who can get secrets (API group core) in namespace payments: 4 grants\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal(outcome.Stdout, Support.Cli.Run("rbac", "who-can", "get", "secrets", "-n", "payments", Data + "/roles.yaml", Data + "/bindings.yaml").Stdout);
    }

    [Theory]
    [InlineData("Bob", "SUBJECT: 'Bob' is not User:NAME, Group:NAME or ServiceAccount:NAMESPACE:NAME")]
    [InlineData("ServiceAccount:only-name", "SUBJECT: 'ServiceAccount:only-name' is not")]
    [InlineData("Robot:r2", "SUBJECT: 'Robot:r2' is not")]
    public void A_bad_subject_is_one_line(string subject, string expected) =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("rbac", "explain", subject, Data), expected);

    [Fact]
    public void A_missing_path_is_one_line() =>
        Support.Cli.AssertOneLineInputError(Support.Cli.Run("rbac", "who-can", "get", "pods", Data + "/missing.yaml"), Data + "/missing.yaml: ");
}
