using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Reports;

namespace Talguard.Hardening.Config;

/// <summary>TG-CONF-001: a key Talos does not know at the target release; its strict decoder rejects the whole config.</summary>
public sealed class UnknownKeyRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-001", Severity.High, Section.Config,
        "Key unknown to Talos",
        "Talos decodes machine configs strictly: one key it does not know at the running release makes the node reject the whole config (\"unknown keys found during decoding\").",
        "Remove the key, or replace it with the Talos field or document that does what was meant (the message names it).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1", "CC7.1 CC8.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            if (file.TargetConflict is { } conflict)
            {
                context.Report(Definition, conflict.Document, conflict.ImageNode, ConflictMessage(conflict));
            }

            foreach (var document in file.Documents)
            {
                // With conflicting evidence the one finding above stands for every kind and key newer than the image.
                foreach (var unknown in TalosDocumentValidator.UnknownKeys(document, file.TalosVersion).Where(u => file.TargetConflict is null || !IsNewerThanTarget(u, document)))
                {
                    var path = unknown.Path;
                    context.ReportMissing(Definition, document, unknown.Key, path, Message(document, unknown, path, file.TalosVersion, file.TalosEvidence));
                }
            }
        }
    }

    private static bool IsNewerThanTarget(UnknownKey unknown, LocatedDocument document) =>
        unknown.Reason == UnknownKeyReason.NewerThanTarget
        || (unknown.Reason == UnknownKeyReason.UnknownDocumentKind && TalosModel.DocumentKinds.ContainsKey(document.Kind));

    private static string ConflictMessage(TargetConflict conflict)
    {
        var image = DisplayText.Value(conflict.ImageNode.AsString() ?? string.Empty);
        return $"the install image {image} names Talos {conflict.ImageRelease}, but the file uses {conflict.Content.Describe()}, "
            + $"which Talos {conflict.ImageRelease} rejects as a whole: install {conflict.Content.Release} or later "
            + $"(change the image tag), or remove what needs it; the file is judged as {conflict.ImageRelease}";
    }

    /// <summary>
    /// The message for <paramref name="unknown"/>, whose YAML path <paramref name="fullPath"/> is computed once per finding;
    /// <paramref name="evidence"/> says what set the target.
    /// </summary>
    private static string Message(LocatedDocument document, UnknownKey unknown, string fullPath, TalosVersion target, string evidence)
    {
        var key = DisplayText.Value(unknown.Key.Value);
        var path = DisplayText.Value(fullPath);
        var parent = unknown.Value.Parent?.KeyInParent;
        var legacy = fullPath.StartsWith("machine.systemDiskEncryption", StringComparison.Ordinal);
        var rejected = $"Talos {target} rejects the whole config";
        return unknown.Reason switch
        {
            UnknownKeyReason.UnknownDocumentKind => TalosModel.DocumentKinds.TryGetValue(document.Kind, out var later)
                ? $"document kind {DisplayText.Value(document.Kind)} exists from Talos {later.FirstRelease}; {rejected} (target from {evidence})"
                : TalosModel.DocumentKinds.Keys.FirstOrDefault(k => string.Equals(k, document.Kind, StringComparison.OrdinalIgnoreCase)) is { } spelled
                    ? $"the document kind is spelled {spelled} (kinds are case-sensitive); {rejected}"
                    : $"Talos does not know the document kind {DisplayText.Value(document.Kind)}; {rejected}",
            UnknownKeyReason.NewerThanTarget =>
                $"{path} is accepted from Talos {unknown.Field!.FirstRelease}; {rejected} (target from {evidence})",
            UnknownKeyReason.RemovedBeforeTarget =>
                $"{path} was last accepted by Talos {unknown.Field!.LastRelease}; {rejected}",
            // Releases before signed images existed get no Secure Boot advice they could not follow.
            _ when fullPath == "machine.secureboot" && target < TalosFeatureReleases.SecureBoot =>
                $"machine.secureboot is not a Talos field ({rejected}): Secure Boot is a property of the boot image, and Talos has "
                + $"signed Secure Boot images only from {TalosFeatureReleases.SecureBoot}; remove the key",
            _ when fullPath == "machine.secureboot" =>
                $"machine.secureboot is not a Talos field ({rejected}): Secure Boot is a property of the boot image, not of the config. " +
                "Boot a Secure Boot image (Image Factory *-secureboot ISO/installer, or imager with your own keys), enroll the keys, " +
                "and set machine.install.image to an installer-secureboot image; verify with `talosctl get securitystate`",
            _ when key == "token" && parent == "kms" =>
                $"kms has only `endpoint` ({rejected}): Talos authenticates to the KMS by the node's UUID over gRPC; use an https:// endpoint for TLS",
            _ when key == "perf" =>
                $"there is no `perf` block ({rejected}): PBKDF is not configurable; the only tuning knobs are " +
                "options [no_read_workqueue, no_write_workqueue, same_cpu_crypt], cipher, keySize and blockSize",
            _ when legacy && parent == "tpm" && key is "pcrs" or "options" =>
                $"the legacy systemDiskEncryption TPM key has no PCR option ({rejected}): PCR selection is `tpm: {{options: {{pcrs: [...]}}}}` " +
                "in a VolumeConfig/UserVolumeConfig from Talos v1.12; PCR 11 (signed policy) is always bound",
            _ when parent == "tpm" && key == "pcrs" =>
                $"the key is `tpm: {{options: {{pcrs: [...]}}}}` (Talos v1.12+), not `tpm.pcrs` ({rejected}); PCR 11 (signed policy) is always bound",
            _ when key == "lockToSTATE" =>
                $"the key is spelled `lockToState` ({rejected})",
            _ when key == "lockToState" && legacy =>
                $"legacy systemDiskEncryption keys have no lockToState ({rejected}); move the volume to a VolumeConfig document",
            _ => $"`{DisplayText.Value(unknown.Key.DisplayKey)}` is not a Talos field at {path}; {rejected} (\"unknown keys found during decoding\")",
        };
    }
}
