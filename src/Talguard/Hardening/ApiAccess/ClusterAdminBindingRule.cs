using Talguard.Findings;

namespace Talguard.Hardening.ApiAccess;

/// <summary>TG-ACC-004: <c>cluster-admin</c> bound to a person, group or workload.</summary>
public sealed class ClusterAdminBindingRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-004", Severity.High, Section.ApiAccess,
        "cluster-admin bound to a non-system subject",
        "cluster-admin allows every action on every resource. Standing admin bindings for users, groups or service accounts turn any leaked credential into full cluster control; Kubernetes itself binds it only to system:masters.",
        "Bind a narrower role (admin/edit/view, or a custom role) instead; use the Talos-issued admin kubeconfig (system:masters) for break-glass work.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("5.1.1", "7.2.2 7.2.5", "CC6.1 CC6.3"));

    public override RuleDescriptor Descriptor => Definition;

    /// <summary>
    /// Kubernetes' own identities (<c>system:masters</c>, <c>system:kube-scheduler</c>, <c>system:node:*</c>, ...):
    /// <c>system:</c> users and groups, except the catch-all groups and service-account identities.
    /// </summary>
    internal static bool IsSystemComponent(Subject subject) =>
        subject.Kind is "User" or "Group" &&
        subject.Name.StartsWith("system:", StringComparison.Ordinal) &&
        subject.Name is not ("system:anonymous" or "system:unauthenticated" or "system:authenticated" or "system:serviceaccounts") &&
        !subject.Name.StartsWith("system:serviceaccounts:", StringComparison.Ordinal) &&
        !subject.Name.StartsWith("system:serviceaccount:", StringComparison.Ordinal);

    public override void Check(ScanContext context)
    {
        foreach (var binding in RbacObject.All(context.Model).Where(o => o.IsBinding && o.BindsClusterRole("cluster-admin")))
        {
            var subjects = binding.Subjects.ToList();
            var kept = subjects.Where(IsSystemComponent).ToList();
            string? patch = binding.Kind == "RoleBinding"
                ? RbacManifest.Binding(binding, "ClusterRole", "admin", subjects)
                : kept.Count > 0 ? RbacManifest.Binding(binding, "ClusterRole", "cluster-admin", kept) : null;
            foreach (var subject in subjects.Where(s => !IsSystemComponent(s)))
            {
                var scope = binding.Kind != "RoleBinding" ? "cluster-wide" : binding.Namespace.Length > 0 ? "in namespace " + binding.Namespace : "in its namespace";
                binding.Report(context, Definition, subject.Node, $"{binding} grants cluster-admin {scope} to {subject}", patch);
            }
        }
    }
}
