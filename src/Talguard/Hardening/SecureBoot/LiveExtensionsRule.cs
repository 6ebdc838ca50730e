using Talguard.Evidence;
using Talguard.Findings;

namespace Talguard.Hardening.SecureBoot;

/// <summary>
/// TG-LIVE-009: a system extension the node runs that <c>--expect-extensions</c> does not name, or a named one it
/// lacks. Without <c>--expect-extensions</c> nothing is judged (a notice says so). Talos's own <c>modules.dep</c> layer
/// and Image Factory's <c>schematic</c> entry are records of the image, not extensions anyone installs, so they are
/// never reported.
/// </summary>
internal sealed class LiveExtensionsRule : EvidenceRule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-LIVE-009", Severity.Low, Section.SecureBoot,
        "System extensions differ from the expected set",
        "System extensions run as part of the root filesystem with full privileges; one nobody expects (or a missing one, such as a microcode or driver update) means the image is not the one that was reviewed.",
        "Build the node image (Image Factory schematic or imager) with exactly the expected extensions and upgrade the node to it, or add the extension to --expect-extensions once it is reviewed.",
        RuleInputs.NodeEvidence,
        RuleControls.Of("", "2.2.4 6.3.2", "CC6.8 CC7.1"));

    /// <summary>Entries Talos (<c>modules.dep</c>, a kernel module index) and Image Factory (<c>schematic</c>, the schematic ID) add to every image with extensions.</summary>
    private static readonly HashSet<string> ImageRecords = new(StringComparer.Ordinal) { "modules.dep", "schematic" };

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(NodeEvidence node)
    {
        var extensions = node.Resources(TalosResourceKinds.Extensions);
        if (!extensions.Collected)
        {
            return;
        }

        if (node.Options.ExpectedExtensions is not { } expected)
        {
            node.AddNotice($"{Definition.Id} did not judge system extensions: give --expect-extensions NAME... to compare each node's with the expected set");
            return;
        }

        var wanted = expected.Select(ExtensionName).ToHashSet(StringComparer.Ordinal);
        var installed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extension in extensions.Objects)
        {
            var name = extension["metadata"]?["name"];
            if (name?.AsString() is not { } text || ImageRecords.Contains(text))
            {
                continue;
            }

            installed.Add(text);
            if (!wanted.Contains(text))
            {
                var version = extension["metadata"]?["version"]?.AsString() is { Length: > 0 } v ? $" (version {v})" : string.Empty;
                node.Report(Definition, extension.At(name), $"{extension.Describe()} {name.Path} = {name.Display()}{version}: not among --expect-extensions");
            }
        }

        var file = extensions.Objects.Count > 0 ? extensions.Objects[0].File : node.FileOf(TalosResourceKinds.Extensions);
        foreach (var missing in wanted.Where(w => !installed.Contains(w)).Order(StringComparer.Ordinal))
        {
            node.Report(Definition, Location.OfFile(file, "ExtensionStatuses.runtime.talos.dev"),
                $"extensions: no extension named \"{missing}\", which --expect-extensions expects");
        }
    }

    /// <summary>The extension name in an expected entry: <c>iscsi-tools</c>, also from <c>siderolabs/iscsi-tools</c> or <c>ghcr.io/siderolabs/iscsi-tools:v0.2.0</c>.</summary>
    private static string ExtensionName(string expected)
    {
        var name = expected[(expected.LastIndexOf('/') + 1)..];
        var end = name.IndexOfAny([':', '@']);
        return end < 0 ? name : name[..end];
    }
}
