namespace Talguard.Hardening.PodSecurity.Checks;

/// <summary>restricted (v1.35+): the default /proc mask even for user-namespace pods; replaces procMount.</summary>
internal sealed class ProcMountRestrictedCheck : PodSecurityCheck
{
    public override string Id => "procMount_restricted";

    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IReadOnlyList<CheckRevision> Revisions { get; } = [new(35, ProcMountCheck.Strict, ProcMountCheck.CheckId)];

    public override void Remedy(PodView pod, int minor, PodEdits edits) => ProcMountCheck.SetDefault(pod, edits);
}
