using System.Globalization;
using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.ClusterPatchForms;

namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// The API server's audit policy and log retention (control plane only). The policy keeps the guide's intent (admin
/// actions, RBAC, service account, node and network policy changes in full; exec and anonymous requests recorded) but
/// never logs a credential body, omits RequestReceived and ends with a Metadata catch-all. It is written inline
/// (<c>cluster.apiServer.auditPolicy</c>, v1.14 <c>KubeAuditPolicyConfig</c>), which Talos renders and mounts itself,
/// instead of the guide's <c>machine.files</c> + <c>audit-policy-file</c>, which the API server pod never sees.
/// </summary>
internal sealed class AuditPolicyGenerator : IHardeningGenerator
{
    /// <summary>Talos's own retention (<c>audit-log-maxage/maxbackup/maxsize</c>), the floor TG-AUD-004 holds to.</summary>
    private static readonly AuditProfile TalosRetention = new(MaxAgeDays: 30, MaxBackups: 10, MaxSizeMegabytes: 100);

    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    public Section Section => Section.AuditLogging;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        var talos = profile.TalosVersion;
        var retention = RetentionArgs(profile.Audit);
        if (UsesKubeDocuments(talos))
        {
            plan.AddPatch(Section, PatchTargets.ControlPlane, Document("KubeAuditPolicyConfig", ("configuration", Policy())));
            plan.AddPatch(Section, PatchTargets.ControlPlane, ExtraArgs(talos, KubeComponent.ApiServer, retention));
        }
        else
        {
            var apiServer = ConfigMapping.Of(("auditPolicy", Policy()), ("extraArgs", retention));
            plan.AddPatch(Section, PatchTargets.ControlPlane, Fragment(["cluster", "apiServer"], apiServer));
        }

        if (BelowTalos(profile.Audit) is { Count: > 0 } shorter)
        {
            plan.Accept(LogRetentionRule.Definition.Id,
                $"the profile keeps audit logs shorter than Talos's default ({string.Join(", ", shorter)})");
        }

        plan.AddNote(Section,
            "The API server writes the audit log to `/var/log/audit/kube/kube-apiserver.log` on each control-plane node "
            + "(`talosctl -n <node> read /var/log/audit/kube/kube-apiserver.log`). Secret, ConfigMap, TokenReview and TokenRequest "
            + "requests are logged at Metadata only, so detections that read a ConfigMap's body (Falco's \"ConfigMap with private "
            + "credentials\") cannot fire; pod writes are logged with their body so the privileged-pod and hostPath detections can.");
    }

    /// <summary>The audit policy: the first matching rule wins, so credentials come first and the catch-all last.</summary>
    private static ConfigMapping Policy()
    {
        ConfigMapping Group(string group, params string[] resources) =>
            ConfigMapping.Of(("group", ConfigScalar.String(group)), ("resources", Strings(resources)));

        var rules = new ConfigSequence(
        [
            Map("Credentials first: Secret and ConfigMap data, TokenReview requests and TokenRequest responses carry tokens and keys, so only their metadata is logged.",
                ("level", ConfigScalar.String("Metadata")),
                ("resources", new ConfigSequence([
                    Group(string.Empty, "secrets", "configmaps", "serviceaccounts/token"),
                    Group("authentication.k8s.io", "tokenreviews")]))),
            Map("Requests without credentials (the guide's authentication failures).",
                ("level", ConfigScalar.String("Metadata")),
                ("userGroups", Strings("system:unauthenticated"))),
            Map("Exec, attach and port-forward: who opened a shell or tunnel into which pod.",
                ("level", ConfigScalar.String("Metadata")),
                ("resources", new ConfigSequence([Group(string.Empty, "pods/exec", "pods/attach", "pods/portforward")]))),
            Map("Admin changes in full. The guide logs every system:masters request at RequestResponse, including list and watch of "
                + "everything (Secrets too, since its Secret rule came later); only writes here.",
                ("level", ConfigScalar.String("RequestResponse")),
                ("userGroups", Strings("system:masters")),
                ("verbs", Strings(WriteVerbs))),
            Map("Changes to RBAC, service accounts, nodes and network policies in full (the guide's config changes, without ConfigMaps).",
                ("level", ConfigScalar.String("RequestResponse")),
                ("verbs", Strings(WriteVerbs)),
                ("resources", new ConfigSequence([
                    Group(string.Empty, "serviceaccounts", "nodes"),
                    Group("rbac.authorization.k8s.io", "roles", "rolebindings", "clusterroles", "clusterrolebindings"),
                    Group("networking.k8s.io", "networkpolicies")]))),
            Map("Pod writes with their spec, which privileged-container and hostPath detections read.",
                ("level", ConfigScalar.String("Request")),
                ("verbs", Strings("create", "update", "patch")),
                ("resources", new ConfigSequence([Group(string.Empty, "pods", "pods/ephemeralcontainers")]))),
            Map("Catch-all, last: every other request is recorded without bodies (an unmatched request would not be logged at all).",
                ("level", ConfigScalar.String("Metadata"))),
        ]);

        return Map("Inline policy: Talos writes it to /system/config/kubernetes/kube-apiserver/auditpolicy.yaml and mounts it. The guide's "
            + "machine.files policy under /var/lib/kubernetes is not inside the API server pod, so the API server would not start.",
            ("apiVersion", ConfigScalar.String("audit.k8s.io/v1")),
            ("kind", ConfigScalar.String("Policy")),
            ("omitStages", new ConfigSequence([ConfigScalar.String("RequestReceived")]) { Comment = "RequestReceived repeats what ResponseComplete records: omitted for every rule." }),
            ("rules", rules));
    }

    private static ConfigMapping RetentionArgs(AuditProfile audit) => Map(
        "Audit retention: Talos already passes audit-policy-file and audit-log-path (/var/log/audit/kube/kube-apiserver.log). "
        + "The guide's audit-log-path /var/log/kube-apiserver-audit.log is outside the pod's mounts.",
        ("audit-log-maxage", Number(audit.MaxAgeDays)),
        ("audit-log-maxbackup", Number(audit.MaxBackups)),
        ("audit-log-maxsize", Number(audit.MaxSizeMegabytes)));

    private static ConfigScalar Number(int value) => ConfigScalar.String(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The limits the profile sets below Talos's; 0 is the rotator's "no limit", never shorter.</summary>
    private static List<string> BelowTalos(AuditProfile audit)
    {
        var shorter = new List<string>();
        Add("audit-log-maxage", audit.MaxAgeDays, TalosRetention.MaxAgeDays);
        Add("audit-log-maxbackup", audit.MaxBackups, TalosRetention.MaxBackups);
        Add("audit-log-maxsize", audit.MaxSizeMegabytes, TalosRetention.MaxSizeMegabytes);
        return shorter;

        void Add(string arg, int value, int floor)
        {
            if (value != 0 && value < floor)
            {
                shorter.Add(string.Create(CultureInfo.InvariantCulture, $"{arg} {value} < {floor}"));
            }
        }
    }
}
