using Talguard.Hardening.ApiAccess;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.ApiAccess;

/// <summary>Where TG-ACC-004..009 stop, as /work/shared/spec/rules.md draws the line and RBAC's matching (group, resource, verb) decides.</summary>
public class RbacRuleBoundaryTests
{
    private static (string, string) Role(string kind, string rules) =>
        ("rbac.yaml", $"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: r\n  namespace: team\nrules:\n{rules}");

    [Fact]
    public void Every_resource_of_another_group_is_not_a_secrets_read() =>
        Assert.Empty(Check(new SecretsReadRule(), Role("ClusterRole", "- apiGroups: [\"apps\"]\n  resources: [\"*\"]\n  verbs: [\"get\", \"list\"]\n")));

    [Fact]
    public void A_namespaced_role_reading_secrets_is_left_to_its_namespace() =>
        Assert.Empty(Check(new SecretsReadRule(), Role("Role", "- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"get\"]\n")));

    [Fact]
    public void Every_verb_on_ordinary_resources_is_no_escalation() =>
        Assert.Empty(Check(new PrivilegeEscalationVerbsRule(), Role("ClusterRole", "- apiGroups: [\"\", \"apps\"]\n  resources: [\"pods\", \"deployments\"]\n  verbs: [\"*\"]\n")));

    [Fact]
    public void Every_verb_on_service_accounts_is_impersonation() =>
        Assert.Single(Check(new PrivilegeEscalationVerbsRule(), Role("Role", "- apiGroups: [\"\"]\n  resources: [\"serviceaccounts\"]\n  verbs: [\"*\"]\n")));

    [Fact]
    public void Every_verb_on_every_resource_of_one_group_is_still_a_wildcard_role() =>
        Assert.Single(Check(new WildcardRoleRule(), Role("Role", "- apiGroups: [\"apps\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]\n")));

    [Fact]
    public void Exec_in_another_api_group_is_no_pod_exec() =>
        Assert.Empty(Check(new PodExecRule(), Role("ClusterRole", "- apiGroups: [\"apps\"]\n  resources: [\"pods/exec\"]\n  verbs: [\"create\"]\n")));
}
