using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.SecretsAtRest;

/// <summary>TG-SEC-001: a control plane stores Kubernetes Secrets in etcd unencrypted.</summary>
public sealed class SecretboxEncryptionRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-SEC-001", Severity.High, Section.SecretsAtRest,
        "Kubernetes Secrets are not encrypted at rest",
        "Talos renders the API server's EncryptionConfiguration from cluster.secretboxEncryptionSecret (or the older "
        + "aescbcEncryptionSecret); with neither, only the identity provider remains and every Secret sits in etcd, its "
        + "snapshots and backups in plaintext.",
        "Set cluster.secretboxEncryptionSecret to 32 random bytes, base64-encoded (`head -c 32 /dev/urandom | base64`; "
        + "talosctl gen config does this), on every control plane, then rewrite existing Secrets "
        + "(`kubectl get secrets -A -o json | kubectl replace -f -`). Custom encryption-provider-config is refused by Talos "
        + "before v1.14, whatever the hardening guide says.",
        inputs: RuleInputs.ControlPlaneConfig,
        controls: RuleControls.Of("1.2.27 1.2.28", "3.5.1 8.3.2", "CC6.1 CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            // From v1.14 the encryption config can be a KubeEtcdEncryptionConfig document instead (judged by TG-SEC-003/004).
            var settings = SecretsEncryptionSettings.Of(file);
            if (!settings.HasEncryptionDocument && settings.SecretboxSecrets.Count == 0 && settings.AescbcSecrets.Count == 0)
            {
                context.ReportMissingPath(Definition, file.Main!,
                    "control plane has neither cluster.secretboxEncryptionSecret nor cluster.aescbcEncryptionSecret: the API server "
                    + "stores Secrets in etcd unencrypted (identity provider only)",
                    null, "cluster", "secretboxEncryptionSecret");
            }
        }
    }
}
