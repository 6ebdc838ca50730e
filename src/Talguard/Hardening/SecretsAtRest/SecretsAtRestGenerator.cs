using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;
using static Talguard.Hardening.ClusterPatchForms;

namespace Talguard.Hardening.SecretsAtRest;

/// <summary>
/// Encryption of Kubernetes Secrets in etcd (control plane only). Talos renders the API server's EncryptionConfiguration
/// itself from a key in the secrets bundle: <c>talosctl gen config</c> / <c>gen secrets</c> generate a secretbox key
/// (<c>cluster.secretboxEncryptionSecret</c> up to v1.13, a <c>KubeEtcdEncryptionConfig</c> document from v1.14), so
/// secretbox needs no patch, and a patch must not carry a key: a new key would make every stored Secret unreadable.
/// The guide's <c>machine.files</c> EncryptionConfiguration with <c>encryption-provider-config</c> is refused by Talos
/// (the flag is on its deny list), and its <c>kms.token</c> field does not exist.
/// </summary>
internal sealed class SecretsAtRestGenerator : IHardeningGenerator
{
    public const string AescbcPlaceholder = "TALGUARD_AESCBC_ENCRYPTION_SECRET";

    public Section Section => Section.SecretsAtRest;

    public void Generate(HardeningProfile profile, HardeningPlan plan)
    {
        if (profile.SecretsAtRest == SecretsAtRestProvider.Secretbox)
        {
            plan.AddNote(Section,
                "Secrets at rest: the secretbox key comes from the secrets bundle (`talosctl gen secrets` / `gen config`), so the patches "
                + "carry none. Check it on a control-plane node with `talosctl get kubernetesrootsecrets -o yaml` (needs os:admin) or "
                + "`talosctl read /system/secrets/kubernetes/kube-apiserver/encryptionconfig.yaml`: secretbox must be the first provider.");
            plan.AddNote(Section,
                "A cluster created before the Talos v1.3 config contract may have only `cluster.aescbcEncryptionSecret`: add "
                + "`cluster.secretboxEncryptionSecret` (`head -c 32 /dev/urandom | base64`), keep the aescbc key so existing Secrets stay "
                + "readable, then rewrite them: `kubectl get secrets -A -o json | kubectl replace -f -`.",
                existingClusterOnly: true);
            return;
        }

        if (UsesKubeDocuments(profile.TalosVersion))
        {
            // Talos merges a KubeEtcdEncryptionConfig patch into the generated document by appending to its resources list,
            // which the API server refuses (secrets listed twice); the provider can only be changed in the document itself.
            plan.AddNote(Section,
                "Secrets at rest with aescbc on Talos v1.14: `talosctl gen config` writes a `KubeEtcdEncryptionConfig` document with a "
                + "secretbox key, and a patch cannot replace its provider list (Talos appends to it). Edit that document in the generated "
                + "config instead: an `aescbc` provider whose key is 32 random bytes, base64 (`head -c 32 /dev/urandom | base64`), then "
                + "`identity`. Secretbox is the stronger choice; prefer keeping it.");
            return;
        }

        plan.AddPlaceholder(AescbcPlaceholder,
            "AES-CBC key for Kubernetes Secrets at rest: 32 random bytes, base64 (`head -c 32 /dev/urandom | base64`). Keep it with the "
            + "secrets bundle: without it the API server cannot read any Secret.");
        var cluster = ConfigMapping.Of(
            ("aescbcEncryptionSecret", Text("${" + AescbcPlaceholder + "}",
                "The profile asks for aescbc (e.g. for FIPS-validated algorithms); secretbox (XSalsa20-Poly1305) is stronger.")),
            ("secretboxEncryptionSecret", new DeleteMarker
            {
                Comment = "Talos lists secretbox before aescbc, so the generated secretbox key is removed for aescbc to encrypt new writes.",
            }));
        plan.AddPatch(Section, PatchTargets.ControlPlane, ConfigMapping.Of(("cluster", cluster)));
        plan.Accept(AescbcOnlyRule.Definition.Id, "the profile chooses aescbc over secretbox for Secrets at rest");
        plan.AddNote(Section,
            "Do not apply the aescbc patch to a running cluster whose Secrets are stored with secretbox: once the secretbox key is "
            + "removed the API server can neither read nor replace them. Use aescbc for new clusters only; on an existing one keep "
            + "secretbox (drop this profile choice).",
            existingClusterOnly: true);
    }
}
