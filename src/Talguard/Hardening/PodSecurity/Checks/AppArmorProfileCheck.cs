namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// baseline: AppArmor may only be the runtime default or a localhost profile, whether set by the
/// <c>appArmorProfile</c> fields or by the deprecated per-container annotations.
/// </summary>
internal sealed class AppArmorProfileCheck : PodSecurityCheck
{
    private const string AnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    public override string Id => "appArmorProfile";

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0)];

    private static bool AllowedType(string type) => type is "RuntimeDefault" or "Localhost";

    private static bool AllowedAnnotation(string value) =>
        value.Length == 0 || value == "runtime/default" || value.StartsWith("localhost/", StringComparison.Ordinal);

    private static CheckResult V1_0(PodView pod)
    {
        List<string>? setters = null;
        List<string>? badTypes = null;
        List<string>? badContainers = null;
        FieldRef? first = null;
        if (pod.SecurityContext?.AppArmorType is { } podType && !AllowedType(podType))
        {
            (setters ??= []).Add("pod");
            (badTypes ??= []).Add(podType);
            first = pod.PodSecurityField("appArmorProfile");
        }

        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.AppArmorType is { } type && !AllowedType(type))
            {
                (badContainers ??= []).Add(container.Name);
                (badTypes ??= []).Add(type);
                first ??= container.SecurityField("appArmorProfile");
            }
        }

        if (badContainers is not null)
        {
            (setters ??= []).Add(Messages.Containers(badContainers));
        }

        List<string>? annotations = null;
        foreach (var (key, value) in pod.Annotations)
        {
            var text = value.AsString() ?? string.Empty;
            if (key.StartsWith(AnnotationPrefix, StringComparison.Ordinal) && !AllowedAnnotation(text))
            {
                (annotations ??= []).Add(key + "=" + Messages.GoQuote(text));
                first ??= new FieldRef(value);
            }
        }

        var values = badTypes is null ? [] : Messages.SortedSet(badTypes);
        if (annotations is not null)
        {
            annotations.Sort(Messages.Utf8Order);
            values.AddRange(annotations);
            (setters ??= []).Add(Messages.Plural("annotation", "annotations", annotations.Count));
        }

        if (setters is null)
        {
            return CheckResult.Allow;
        }

        return CheckResult.Forbid(
            Messages.Plural("forbidden AppArmor profile", "forbidden AppArmor profiles", values.Count),
            string.Join(" and ", setters) + " must not set AppArmor profile type to " + Messages.JoinQuote(values),
            first!.Value);
    }

    public override void Remedy(PodView pod, int minor, PodEdits edits)
    {
        if (pod.SecurityContext?.AppArmorType is { } podType && !AllowedType(podType))
        {
            edits.SetPodSecurity(pod, "RuntimeDefault", "appArmorProfile", "type");
        }

        foreach (var container in pod.Containers)
        {
            if (container.SecurityContext?.AppArmorType is { } type && !AllowedType(type))
            {
                edits.SetContainerSecurity(container, "RuntimeDefault", "appArmorProfile", "type");
            }
        }

        foreach (var (key, value) in pod.Annotations)
        {
            if (key.StartsWith(AnnotationPrefix, StringComparison.Ordinal) && !AllowedAnnotation(value.AsString() ?? string.Empty))
            {
                edits.Set(value.Parent!, "runtime/default", key);
            }
        }
    }
}
