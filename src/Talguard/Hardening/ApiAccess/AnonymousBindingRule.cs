using Talguard.Findings;

namespace Talguard.Hardening.ApiAccess;

/// <summary>TG-ACC-009: permissions handed to unauthenticated (or every authenticated) caller.</summary>
public sealed class AnonymousBindingRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-ACC-009", Severity.Critical, Section.ApiAccess,
        "Binding grants access to anonymous or all authenticated users",
        "system:anonymous and system:unauthenticated are whoever reaches the API server without credentials; system:authenticated (cluster-wide) is every user and every service account token in the cluster. Only the built-in discovery roles are meant for them.",
        "Remove these subjects; bind the role to the specific users, groups or service accounts that need it.",
        inputs: RuleInputs.KubernetesManifest,
        controls: RuleControls.Of("", "7.3.3 8.3.1", "CC6.1 CC6.2"));

    /// <summary>The roles Kubernetes itself binds to these groups.</summary>
    private static readonly string[] DiscoveryRoles = ["system:basic-user", "system:discovery", "system:public-info-viewer"];

    public override RuleDescriptor Descriptor => Definition;

    private static bool IsOpen(RbacObject binding, Subject subject) =>
        subject.Name is "system:anonymous" or "system:unauthenticated" ||
        (subject.Name == "system:authenticated" && binding.Kind == "ClusterRoleBinding");

    public override void Check(ScanContext context)
    {
        foreach (var binding in RbacObject.All(context.Model).Where(o => o.IsBinding))
        {
            if (DiscoveryRoles.Any(binding.BindsClusterRole))
            {
                continue;
            }

            var subjects = binding.Subjects.ToList();
            var kept = subjects.Where(s => !IsOpen(binding, s)).ToList();
            var patch = kept.Count > 0 ? RbacManifest.Binding(binding, binding.RoleRefKind, binding.RoleRefName, kept) : null;
            foreach (var subject in subjects.Where(s => IsOpen(binding, s)))
            {
                binding.Report(context, Definition, subject.Node, $"{binding} grants {binding.RoleRefKind} {binding.RoleRefName} to {subject.Name}", patch);
            }
        }
    }
}
