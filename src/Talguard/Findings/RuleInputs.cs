namespace Talguard.Findings;

/// <summary>
/// The inputs a rule reads. The scanner hands a rule only the inputs it declares: a rule that judges a value
/// that is present declares <see cref="TalosPatch"/> as well as the node configs; a rule that judges something
/// missing declares only node configs (a lone patch cannot say what the node lacks).
/// </summary>
[Flags]
public enum RuleInputs
{
    None = 0,

    /// <summary>A complete control-plane (or init) machine config, alone or merged from a base and its patches.</summary>
    ControlPlaneConfig = 1,

    /// <summary>A complete worker machine config, alone or merged from a base and its patches.</summary>
    WorkerConfig = 2,

    /// <summary>A Talos patch: a bare strategic-merge <c>machine:</c>/<c>cluster:</c> document and/or split documents without a full config.</summary>
    TalosPatch = 4,

    /// <summary>Kubernetes manifests (any object but a kubeconfig).</summary>
    KubernetesManifest = 8,

    /// <summary>talosconfig, kubeconfig or a Talos secrets bundle: certificates and keys.</summary>
    Credentials = 16,

    /// <summary>An etcd snapshot (bbolt file).</summary>
    EtcdSnapshot = 32,

    /// <summary>UEFI Secure Boot material: signature lists, authenticated variables, PE images, keys and certificates.</summary>
    EfiFile = 64,

    /// <summary>Evidence collected from a running node.</summary>
    NodeEvidence = 128,

    /// <summary>Any complete machine config.</summary>
    NodeConfig = ControlPlaneConfig | WorkerConfig,
}
