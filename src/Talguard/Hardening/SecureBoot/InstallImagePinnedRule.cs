using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.SecureBoot;

/// <summary>TG-BOOT-002: the install image is not pinned to a release.</summary>
public sealed class InstallImagePinnedRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-BOOT-002", Severity.Medium, Section.SecureBoot,
        "Install image is not pinned to a version",
        "An install image without a version tag or digest (or tagged latest) installs whatever the registry serves at "
        + "install or upgrade time: the node's Talos version, and the target version rules check, are unknown.",
        "Pin machine.install.image to a release tag (…:v1.13.4) or a digest (…@sha256:…).",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "2.2.1 6.5.1", "CC8.1"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            if (InstallSettings.Of(file).Image is not { Text: { } image } source || !ImageReference.TryParse(image, out var reference))
            {
                continue;
            }

            // A ${VAR} tag is filled in when the config is rendered (talhelper's talenv, envsubst): what it pins is not known here.
            if (reference.Digest is not null || reference.Tag?.Contains("${", StringComparison.Ordinal) == true)
            {
                continue;
            }

            if (reference.Tag is null)
            {
                context.Report(Definition, source.Document, source.Node,
                    "install image has neither a version tag nor a digest: installs and upgrades pull whatever 'latest' is at that moment");
            }
            else if (reference.Tag == "latest" || !TalosVersion.TryParse(reference.Tag, out _))
            {
                context.Report(Definition, source.Document, source.Node,
                    $"install image tag '{reference.Tag}' is not a version: installs and upgrades pull whatever the tag points to at that moment");
            }
        }
    }
}
