using Talguard.Model;

namespace Talguard.Findings;

/// <summary>The Kubernetes object a finding is about.</summary>
public sealed record ObjectReference(string ApiVersion, string Kind, string Namespace, string Name)
{
    public static ObjectReference? Of(LocatedDocument document) =>
        document.IsKubernetes ? new(document.ApiVersion, document.Kind, document.ObjectNamespace, document.ObjectName) : null;
}
