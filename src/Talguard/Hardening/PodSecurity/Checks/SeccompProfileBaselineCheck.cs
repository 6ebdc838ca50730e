namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// baseline: seccomp may not be explicitly disabled. Before v1.19 only the alpha annotations count;
/// from v1.19 only the <c>seccompProfile</c> fields do.
/// </summary>
internal sealed class SeccompProfileBaselineCheck : PodSecurityCheck
{
    public const string CheckId = "seccompProfile_baseline";

    private const string PodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
    private const string ContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

    public override string Id => CheckId;

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0), new(19, V1_19)];

    internal static bool ValidType(string type) => type is "RuntimeDefault" or "Localhost";

    private static bool ValidAnnotation(string value) =>
        value is "runtime/default" or "docker/default" || value.StartsWith("localhost/", StringComparison.Ordinal);

    /// <summary>The pod annotation and each existing container's annotation, with bad values.</summary>
    private static IEnumerable<KeyValuePair<string, Model.YamlNode>> BadAnnotations(PodView pod)
    {
        foreach (var annotation in pod.Annotations)
        {
            var isPod = annotation.Key == PodAnnotation;
            var isContainer = !isPod && annotation.Key.StartsWith(ContainerAnnotationPrefix, StringComparison.Ordinal) &&
                HasContainer(pod, annotation.Key[ContainerAnnotationPrefix.Length..]);
            if ((isPod || isContainer) && !ValidAnnotation(annotation.Value.AsString() ?? string.Empty))
            {
                yield return annotation;
            }
        }
    }

    private static bool HasContainer(PodView pod, string name)
    {
        foreach (var container in pod.Containers)
        {
            if (container.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static CheckResult V1_0(PodView pod)
    {
        List<string>? forbidden = null;
        FieldRef? first = null;
        foreach (var (key, value) in BadAnnotations(pod))
        {
            (forbidden ??= []).Add(key + "=" + Messages.GoQuote(value.AsString() ?? string.Empty));
            first ??= new FieldRef(value);
        }

        if (forbidden is null)
        {
            return CheckResult.Allow;
        }

        var distinct = Messages.SortedSet(forbidden);
        return CheckResult.Forbid(
            "seccompProfile",
            "forbidden " + Messages.Plural("annotation", "annotations", distinct.Count) + " " + string.Join(", ", distinct),
            first!.Value);
    }

    private static CheckResult V1_19(PodView pod)
    {
        List<string>? badValues = null;
        FieldRef? first = null;
        var podBad = false;
        if (pod.SecurityContext?.SeccompType is { } podType && !ValidType(podType))
        {
            podBad = true;
            (badValues ??= []).Add(podType);
            first = pod.PodSecurityField("seccompProfile");
        }

        List<string>? badContainers = null;
        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.SeccompType is { } type && !ValidType(type))
            {
                (badContainers ??= []).Add(container.Name);
                (badValues ??= []).Add(type);
                first ??= container.SecurityField("seccompProfile");
            }
        }

        return badValues is null
            ? CheckResult.Allow
            : CheckResult.Forbid(
                "seccompProfile",
                Messages.Setters(podBad, badContainers) + " must not set securityContext.seccompProfile.type to " + Messages.JoinQuote(Messages.SortedSet(badValues)),
                first!.Value);
    }

    /// <summary>Replaces every explicitly bad profile type with RuntimeDefault.</summary>
    internal static void FixExplicitTypes(PodView pod, PodEdits edits)
    {
        if (pod.SecurityContext?.SeccompType is { } podType && !ValidType(podType))
        {
            edits.SetPodSecurity(pod, "RuntimeDefault", "seccompProfile", "type");
        }

        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.SeccompType is { } type && !ValidType(type))
            {
                edits.SetContainerSecurity(container, "RuntimeDefault", "seccompProfile", "type");
            }
        }
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        FixExplicitTypes(pod, edits);
        foreach (var (key, value) in BadAnnotations(pod))
        {
            edits.Set(value.Parent!, "runtime/default", key);
        }
    }
}
