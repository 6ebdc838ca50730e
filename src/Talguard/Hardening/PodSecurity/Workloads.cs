using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>A Kubernetes object found in the inputs: a whole document, or one item of a <c>List</c>.</summary>
public sealed record KubernetesItem(LocatedDocument Document, YamlNode Root, string ApiVersion, string Kind)
{
    public string Name => Root.At("metadata", "name")?.AsString() ?? string.Empty;

    /// <summary>The namespace as written (empty when unset).</summary>
    public string WrittenNamespace => Root.At("metadata", "namespace")?.AsString() ?? string.Empty;

    public ObjectReference Reference => new(ApiVersion, Kind, WrittenNamespace, Name);
}

/// <summary>An object that creates pods, with the pod (template) it would create.</summary>
public sealed record Workload(KubernetesItem Item, PodView Pod)
{
    /// <summary>The namespace its pods land in: as written, else <c>default</c> (what kubectl applies to).</summary>
    public string Namespace => Item.WrittenNamespace.Length > 0 ? Item.WrittenNamespace : "default";
}

/// <summary>
/// Finds pods and pod templates in any multi-document input: Pod, PodTemplate, ReplicationController,
/// ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, CronJob, and the items of <c>List</c> kinds.
/// </summary>
public static class Workloads
{
    /// <summary>Every Kubernetes object, with <c>List</c> items expanded in place.</summary>
    public static IEnumerable<KubernetesItem> Items(ClusterModel model)
    {
        foreach (var document in model.KubernetesObjects)
        {
            var root = document.Root!;
            if (document.Kind.EndsWith("List", StringComparison.Ordinal) && root["items"] is { IsSequence: true } items)
            {
                // Typed lists (DeploymentList) may leave kind and apiVersion off their items.
                var itemKind = document.Kind == "List" ? string.Empty : document.Kind[..^4];
                foreach (var item in items.Items.Where(i => i.IsMapping))
                {
                    yield return new KubernetesItem(document, item, item["apiVersion"]?.AsString() ?? document.ApiVersion, item["kind"]?.AsString() ?? itemKind);
                }
            }
            else
            {
                yield return new KubernetesItem(document, root, document.ApiVersion, document.Kind);
            }
        }
    }

    /// <summary>The workloads among <paramref name="items"/>; a workload without a template creates no pods and is skipped.</summary>
    public static IEnumerable<Workload> Find(IEnumerable<KubernetesItem> items)
    {
        foreach (var item in items)
        {
            if (Template(item) is var (anchor, metadata, spec))
            {
                yield return new Workload(item, PodViewReader.Read(anchor, metadata, spec));
            }
        }
    }

    private static (YamlNode Anchor, YamlNode? Metadata, YamlNode? Spec)? Template(KubernetesItem item)
    {
        var root = item.Root;
        var template = item.Kind switch
        {
            "Pod" => root,
            "PodTemplate" => root["template"],
            "ReplicationController" or "ReplicaSet" or "Deployment" or "StatefulSet" or "DaemonSet" or "Job" => root.At("spec", "template"),
            "CronJob" => root.At("spec", "jobTemplate", "spec", "template"),
            _ => null,
        };
        return template is { IsMapping: true } ? (template, template["metadata"], template["spec"]) : null;
    }
}
