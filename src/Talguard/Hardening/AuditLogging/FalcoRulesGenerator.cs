using Talguard.Findings;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.KubernetesObjects;

namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// <c>manifests/falco-rules.yaml</c>: a ConfigMap holding the rules <c>talguard audit detect</c> runs by default (the embedded
/// <c>talguard_k8s_audit_rules.yaml</c>, one copy for both), for Falco's k8saudit plugin.
/// </summary>
internal sealed class FalcoRulesGenerator : IHardeningGenerator
{
    public const string FileName = "falco-rules.yaml";

    public const string ConfigMapName = "talguard-falco-rules";

    public const string RulesKey = "talguard_rules.yaml";

    public const string FalcoNamespace = "falco";

    public Section Section => Section.AuditLogging;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var configMap = Commented(
            "The guide's detections as Falco k8s_audit rules. Its own rules did not work as written: \"in\" does not match\n"
            + "patterns (system:serviceaccount:kube-system:*), only containers were checked for privileged, and with no stage\n"
            + "condition each request alerted once per audit stage. Its \"Unauthorized Talos API Access\" rule watches network\n"
            + "connections (fd.sport=50000), which Kubernetes audit events do not contain, so it is not here: the Talos ingress\n"
            + "firewall (apid 50000 only from the management network) enforces what that rule wanted to alert on.",
            Object("v1", "ConfigMap", ConfigMapName, FalcoNamespace));
        configMap["data"] = ConfigMapping.Of((RulesKey, ConfigScalar.Literal(DetectionRuleSet.BuiltInRulesFile.Text)));
        plan.AddManifest(Section, FileName, configMap);
        plan.AddNote(Section,
            $"`manifests/falco-rules.yaml` is a ConfigMap in the `{FalcoNamespace}` namespace with the rules `talguard audit detect` "
            + "runs by default. Install Falco with its k8saudit plugin first (its chart creates the namespace; Falco's syscall "
            + "driver needs privileged pods, so exempt or label that namespace), mount the ConfigMap under `/etc/falco/rules.d`, "
            + "and point the API server's audit webhook at the plugin, or run `talguard audit serve` or `talguard audit detect` "
            + "on the audit log instead.");
    }
}
