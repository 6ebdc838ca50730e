namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>
/// restricted: only volume types that cannot reach host or network storage directly (configMap, csi,
/// downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret); replaces
/// hostPathVolumes. There is no mechanical fix.
/// </summary>
internal sealed class RestrictedVolumesCheck : PodSecurityCheck
{
    public override string Id => "restrictedVolumes";

    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0, HostPathVolumesCheck.CheckId)];

    private static CheckResult V1_0(PodView pod)
    {
        List<string>? names = null;
        List<string>? types = null;
        FieldRef? first = null;
        foreach (var volume in pod.Volumes)
        {
            if (volume.RestrictedType is { } type)
            {
                (names ??= []).Add(volume.Name);
                (types ??= []).Add(type);
                first ??= new FieldRef(volume.Node[type]!);
            }
        }

        if (names is null)
        {
            return CheckResult.Allow;
        }

        var distinct = Messages.SortedSet(types!);
        return CheckResult.Forbid(
            "restricted volume types",
            Messages.Plural("volume", "volumes", names.Count) + " " + Messages.JoinQuote(names) + " " + Messages.Plural("uses", "use", names.Count) + " " +
            Messages.Plural("restricted volume type", "restricted volume types", distinct.Count) + " " + Messages.JoinQuote(distinct),
            first!.Value);
    }
}
