using Talguard.Findings;

namespace Talguard.Hardening.ApiAccess;

/// <summary>The rules of the guide section "ApiAccess": Talos API access and Kubernetes RBAC manifests.</summary>
public sealed class ApiAccessRules : IRuleSection
{
    public static readonly ApiAccessRules Instance = new();

    public Section Section => Section.ApiAccess;

    public IReadOnlyList<Rule> ScanRules { get; } =
    [
        new TalosApiRbacRule(),
        new ApidExtKeyUsageRule(),
        new PodTalosAdminRule(),
        new ClusterAdminBindingRule(),
        new WildcardRoleRule(),
        new PrivilegeEscalationVerbsRule(),
        new SecretsReadRule(),
        new PodExecRule(),
        new AnonymousBindingRule(),
        new TalosServiceAccountAdminRule(),
    ];

    public IReadOnlyList<RuleDescriptor> OtherDescriptors { get; } = [];
}
