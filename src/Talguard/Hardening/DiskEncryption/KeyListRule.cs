using Talguard.Findings;
using Talguard.Model.Talos;

namespace Talguard.Hardening.DiskEncryption;

/// <summary>Rules that judge an encrypted volume by the set of key types protecting it, reported at its <c>keys</c> list.</summary>
public abstract class KeyListRule : Rule
{
    public override void Check(ScanContext context)
    {
        foreach (var file in context.Configs)
        {
            foreach (var volume in DiskEncryptionSettings.Of(file).Volumes)
            {
                var keys = volume.Keys;
                if (volume.KeyList is { } list && keys.Count > 0 && keys.All(k => k.Type is not null)
                    && Describe(volume, [.. keys.Select(k => k.Type!.Value)]) is { } message)
                {
                    context.Report(Descriptor, volume.Document, list, message);
                }
            }
        }
    }

    /// <summary>The message when the rule fires for these key types, else null.</summary>
    protected abstract string? Describe(EncryptedVolume volume, IReadOnlyList<EncryptionKeyType> types);
}
