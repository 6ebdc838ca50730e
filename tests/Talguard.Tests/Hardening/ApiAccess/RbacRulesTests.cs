using Talguard.Findings;
using Talguard.Hardening.ApiAccess;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.ApiAccess;

public class RbacRulesTests
{
    private static (string, string) ClusterRole(string rules, string kind = "ClusterRole") =>
        ("rbac.yaml", $"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: r\n  namespace: team\nrules:\n{rules}");

    private static (string, string) Binding(string kind, string role, string subjects) =>
        ("binding.yaml", $"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: b\n  namespace: team\n" +
            $"roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: {role}\nsubjects:\n{subjects}");

    private const string GuideBindings = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: cluster-admin-binding
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
        - kind: User
          name: admin@example.com
          apiGroup: rbac.authorization.k8s.io
        - kind: Group
          name: system:masters
          apiGroup: rbac.authorization.k8s.io
        """;

    [Fact]
    public void Cluster_admin_for_a_user_fires_at_the_subject_and_the_patch_keeps_system_masters()
    {
        var finding = Assert.Single(Check(new ClusterAdminBindingRule(), ("guide.yaml", GuideBindings)));

        Assert.Equal("TG-ACC-004", finding.RuleId);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("subjects[0]", finding.Location.Path);
        Assert.Equal(10, finding.Location.Line);
        Assert.Equal(new ObjectReference("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", string.Empty, "cluster-admin-binding"), finding.Object);
        Assert.Contains("name: \"system:masters\"", finding.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("admin@example.com", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_admin_in_a_role_binding_for_a_service_account_fires_and_the_patch_binds_admin()
    {
        var finding = Assert.Single(Check(new ClusterAdminBindingRule(), Binding("RoleBinding", "cluster-admin", "- kind: ServiceAccount\n  name: deployer\n  namespace: team\n")));

        Assert.Equal("subjects[0]", finding.Location.Path);
        Assert.Contains("  name: \"admin\"", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_admin_for_system_components_and_other_roles_does_not_fire()
    {
        Assert.Empty(Check(new ClusterAdminBindingRule(), Binding("ClusterRoleBinding", "cluster-admin", "- kind: Group\n  name: system:masters\n- kind: User\n  name: system:kube-controller-manager\n")));
        Assert.Empty(Check(new ClusterAdminBindingRule(), Binding("ClusterRoleBinding", "view", "- kind: User\n  name: alice\n")));
    }

    [Fact]
    public void Wildcard_verbs_on_wildcard_resources_fire_at_the_rule()
    {
        var findings = Check(new WildcardRoleRule(), ClusterRole(
            "- apiGroups: [\"apps\"]\n  resources: [\"deployments\"]\n  verbs: [\"*\"]\n- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]\n"));

        var finding = Assert.Single(findings);
        Assert.Equal("rules[1]", finding.Location.Path);
        Assert.Equal(10, finding.Location.Line);
        Assert.Equal(Severity.High, finding.Severity);
    }

    [Fact]
    public void Escalation_verbs_fire_and_apiGroups_matter()
    {
        var findings = Check(new PrivilegeEscalationVerbsRule(), ClusterRole(
            "- apiGroups: [\"rbac.authorization.k8s.io\"]\n  resources: [\"clusterroles\"]\n  verbs: [\"get\", \"bind\", \"escalate\"]\n" +
            "- apiGroups: [\"\"]\n  resources: [\"users\", \"groups\"]\n  verbs: [\"impersonate\"]\n" +
            "- apiGroups: [\"\"]\n  resources: [\"roles\"]\n  verbs: [\"*\"]\n" +
            "- apiGroups: [\"\"]\n  resources: [\"serviceaccounts\"]\n  verbs: [\"*\"]\n", "Role"));

        Assert.Equal(["rules[0]", "rules[1]", "rules[3]"], findings.Select(f => f.Location.Path));
        Assert.All(findings, f => Assert.Equal(Severity.High, f.Severity));
        Assert.Equal(["get"], PatchValues(findings[0].Patch, 0, "verbs"));
        Assert.DoesNotContain("impersonate", findings[1].Patch, StringComparison.Ordinal);
        Assert.Equal(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"], PatchValues(findings[2].Patch, 3, "verbs"));
    }

    [Fact]
    public void Ordinary_role_management_does_not_fire() =>
        Assert.Empty(Check(new PrivilegeEscalationVerbsRule(), ClusterRole(
            "- apiGroups: [\"rbac.authorization.k8s.io\"]\n  resources: [\"roles\", \"rolebindings\"]\n  verbs: [\"get\", \"list\", \"create\", \"update\"]\n")));

    [Fact]
    public void The_guides_read_only_cluster_role_reads_secrets_and_the_patch_aggregates_view()
    {
        var finding = Assert.Single(Check(new SecretsReadRule(), ClusterRole("- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"get\", \"list\", \"watch\"]\n")));

        Assert.Equal("TG-ACC-007", finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal("rules[0]", finding.Location.Path);
        Assert.Equal(7, finding.Location.Line);
        Assert.Contains("aggregate-to-view: \"true\"", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_secrets_read_fires_and_the_patch_drops_secrets()
    {
        var finding = Assert.Single(Check(new SecretsReadRule(), ClusterRole("- apiGroups: [\"\"]\n  resources: [\"configmaps\", \"secrets\"]\n  verbs: [\"list\"]\n")));

        Assert.Equal(["configmaps"], PatchValues(finding.Patch, 0, "resources"));
    }

    [Fact]
    public void Secrets_in_other_groups_namespaced_roles_and_write_only_verbs_do_not_fire()
    {
        Assert.Empty(Check(new SecretsReadRule(), ClusterRole("- apiGroups: [\"apps\"]\n  resources: [\"*\"]\n  verbs: [\"get\"]\n")));
        Assert.Empty(Check(new SecretsReadRule(), ClusterRole("- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"get\"]\n", "Role")));
        Assert.Empty(Check(new SecretsReadRule(), ClusterRole("- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"create\"]\n")));
    }

    [Fact]
    public void Exec_attach_portforward_and_node_proxy_fire()
    {
        var findings = Check(new PodExecRule(), ClusterRole(
            "- apiGroups: [\"\"]\n  resources: [\"pods\", \"pods/exec\"]\n  verbs: [\"create\"]\n" +
            "- apiGroups: [\"*\"]\n  resources: [\"nodes/proxy\"]\n  verbs: [\"*\"]\n" +
            "- apiGroups: [\"\"]\n  resources: [\"*/attach\"]\n  verbs: [\"create\"]\n", "Role"));

        Assert.Equal(["rules[0]", "rules[1]", "rules[2]"], findings.Select(f => f.Location.Path));
        Assert.All(findings, f => Assert.Equal(Severity.Medium, f.Severity));
        Assert.Equal(["pods"], PatchValues(findings[0].Patch, 0, "resources"));
        Assert.Null(findings[2].Patch);
    }

    [Fact]
    public void Reading_exec_or_pods_does_not_fire() =>
        Assert.Empty(Check(new PodExecRule(), ClusterRole(
            "- apiGroups: [\"\"]\n  resources: [\"pods/exec\"]\n  verbs: [\"get\"]\n- apiGroups: [\"\"]\n  resources: [\"pods/*\"]\n  verbs: [\"create\"]\n")));

    [Theory]
    [InlineData("ClusterRoleBinding", "User", "system:anonymous")]
    [InlineData("RoleBinding", "Group", "system:unauthenticated")]
    [InlineData("ClusterRoleBinding", "Group", "system:authenticated")]
    public void Open_subjects_are_critical(string kind, string subjectKind, string name)
    {
        var finding = Assert.Single(Check(new AnonymousBindingRule(), Binding(kind, "view", $"- kind: {subjectKind}\n  name: {name}\n- kind: User\n  name: alice\n")));

        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("subjects[0]", finding.Location.Path);
        Assert.Equal(11, finding.Location.Line);
        Assert.Contains("name: \"alice\"", finding.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain(name, finding.Patch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ClusterRoleBinding", "system:public-info-viewer", "system:unauthenticated")]
    [InlineData("ClusterRoleBinding", "system:discovery", "system:authenticated")]
    [InlineData("RoleBinding", "view", "system:authenticated")]
    public void Discovery_roles_and_namespaced_authenticated_bindings_do_not_fire(string kind, string role, string name) =>
        Assert.Empty(Check(new AnonymousBindingRule(), Binding(kind, role, $"- kind: Group\n  name: {name}\n")));

    [Fact]
    public void Items_of_a_List_are_scanned_with_their_own_object_reference()
    {
        const string List = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: ClusterRole
              metadata:
                name: everything
              rules:
              - apiGroups: ["*"]
                resources: ["*"]
                verbs: ["*"]
            """;
        var finding = Assert.Single(Check(new WildcardRoleRule(), ("list.yaml", List)));

        Assert.Equal("items[0].rules[0]", finding.Location.Path);
        Assert.Equal("everything", finding.Object?.Name);
        Assert.Equal("ClusterRole", finding.Object?.Kind);
    }

    [Fact]
    public void Non_rbac_objects_are_ignored() =>
        Assert.Empty(Check(new WildcardRoleRule(), ("x.yaml", "apiVersion: example.com/v1\nkind: ClusterRole\nmetadata:\n  name: x\nrules:\n- resources: [\"*\"]\n  verbs: [\"*\"]\n")));

    [Fact]
    public void A_rule_without_apiGroups_is_judged_as_the_core_group() =>
        Assert.Single(Check(new SecretsReadRule(), ClusterRole("- resources: [\"secrets\"]\n  verbs: [\"get\"]\n")));

    /// <summary>The values of <paramref name="key"/> in rule <paramref name="rule"/> of a corrected Role in a patch.</summary>
    private static string[] PatchValues(string? patch, int rule, string key) =>
        [.. Talguard.Tests.Support.Yaml.File("patch.yaml", patch!).Documents[0].Root!.At("rules")!.Items[rule][key]!.Items.Select(i => i.Value)];
}
