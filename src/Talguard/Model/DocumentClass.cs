namespace Talguard.Model;

/// <summary>What a YAML document is, decided from its top-level keys.</summary>
public enum DocumentClass
{
    /// <summary>A document with no content (an empty <c>---</c> section).</summary>
    Empty,

    /// <summary>The main Talos machine config: <c>version: v1alpha1</c> with machine/cluster.</summary>
    TalosMachineConfig,

    /// <summary>A Talos multi-document: <c>apiVersion: v1alpha1</c> with a <c>kind</c>.</summary>
    TalosDocument,

    /// <summary>Any other object with <c>apiVersion</c> and <c>kind</c>.</summary>
    KubernetesObject,

    /// <summary>A talosctl client config (<c>context</c>/<c>contexts</c>).</summary>
    TalosClientConfig,

    /// <summary>The output of <c>talosctl gen secrets</c>.</summary>
    TalosSecretsBundle,

    Unknown,

    /// <summary>A talhelper cluster file (<c>talconfig.yaml</c>): <c>clusterName</c> and <c>nodes</c> at the top.</summary>
    TalhelperConfig,

    /// <summary>
    /// A Talos JSON patch (RFC 6902, as <c>talosctl --config-patch</c> takes it): a list of <c>op</c>/<c>path</c> operations
    /// on <c>/machine</c> or <c>/cluster</c>.
    /// </summary>
    TalosJsonPatch,
}
