namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>baseline: no hostPath volumes. There is no mechanical fix: the data needs another volume type.</summary>
internal sealed class HostPathVolumesCheck : PodSecurityCheck
{
    public const string CheckId = "hostPathVolumes";

    public override string Id => CheckId;

    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(0, V1_0)];

    private static CheckResult V1_0(PodView pod)
    {
        List<string>? names = null;
        FieldRef? first = null;
        foreach (var volume in pod.Volumes)
        {
            if (volume.IsHostPath)
            {
                (names ??= []).Add(volume.Name);
                first ??= new FieldRef(volume.Node["hostPath"]!);
            }
        }

        return names is null
            ? CheckResult.Allow
            : CheckResult.Forbid("hostPath volumes", Messages.Plural("volume", "volumes", names.Count) + " " + Messages.JoinQuote(names), first!.Value);
    }
}
