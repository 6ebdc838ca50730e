using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening;

/// <summary>
/// Merges a role's hardening patch onto a base config with Talos's strategic merge, so that hardening an already
/// hardened base changes nothing. Talos appends list items (a second <c>talosctl machineconfig patch</c> with the same
/// patch would list every firewall subnet, key and extra volume twice); here the items the base's matching list
/// already holds, equal in every field, are left out of the patch first, also inside the items of lists Talos merges by
/// key. Values Talos replaces whole are patched as they are, since that already settles on one value.
/// </summary>
internal static class HardeningMerge
{
    public static List<ConfigMapping> Merge(IReadOnlyList<ConfigMapping> baseDocuments, IReadOnlyList<ConfigMapping> patchDocuments)
    {
        var patches = new List<TalosConfigPatch>();
        foreach (var document in patchDocuments)
        {
            var target = TalosDocumentSelector.Of(document)
                ?? throw new InvalidOperationException("a planned patch document has neither apiVersion and kind nor machine/cluster keys");
            var existing = baseDocuments.FirstOrDefault(d => TalosDocumentSelector.Of(d) == target);
            var content = (ConfigMapping)document.Clone();
            if (existing is not null)
            {
                WithoutPresentItems(content, existing, target.IsMain ? "v1alpha1" : target.Kind, string.Empty);
            }

            patches.Add(TalosConfigPatch.StrategicMerge("harden", new TalosPatchDocument(target, content)));
        }

        return TalosPatchApplier.Apply(baseDocuments, patches);
    }

    private static void WithoutPresentItems(ConfigMapping patch, ConfigMapping existing, string kind, string path)
    {
        foreach (var (key, value) in patch.Entries.ToList())
        {
            var childPath = path.Length == 0 ? key : path + "." + key;
            var rule = MergeRules.For(kind, childPath);
            if (rule == MergeRule.MergeByKey && value is ConfigSequence keyed && existing[key] is ConfigSequence presentKeyed)
            {
                // Talos merges an item into the base's item of the same key, appending to the lists inside it, so those
                // lists are pruned like any other (a second run must not list an exempt namespace twice).
                var itemKey = MergeRules.ItemKey(kind, childPath);
                foreach (var item in keyed.Items.OfType<ConfigMapping>())
                {
                    if (presentKeyed.Items.OfType<ConfigMapping>().FirstOrDefault(p => p.Text(itemKey) is { } name && name == item.Text(itemKey)) is { } presentItem)
                    {
                        WithoutPresentItems(item, presentItem, kind, childPath + "[]");
                    }
                }

                continue;
            }

            if (rule != MergeRule.Default)
            {
                // Replaced whole: the patch's value must stay whole (an audit policy keeps its last rule).
                continue;
            }

            switch (value, existing[key])
            {
                case (ConfigMapping inner, ConfigMapping present):
                    WithoutPresentItems(inner, present, kind, childPath);
                    break;
                case (ConfigSequence items, ConfigSequence present):
                    items.Items.RemoveAll(item => present.Items.Exists(p => SameValue(item, p)));
                    break;
            }
        }
    }

    /// <summary>Equal as Talos reads them: same shape, same keys in any order, same scalar kinds and texts.</summary>
    internal static bool SameValue(ConfigNode left, ConfigNode right) => (left, right) switch
    {
        (ConfigScalar a, ConfigScalar b) => a.Kind == b.Kind && a.Text == b.Text,
        (ConfigSequence a, ConfigSequence b) => a.Items.Count == b.Items.Count && a.Items.Zip(b.Items).All(p => SameValue(p.First, p.Second)),
        (ConfigMapping a, ConfigMapping b) => a.Entries.Count == b.Entries.Count && a.Entries.All(e => b[e.Key] is { } other && SameValue(e.Value, other)),
        _ => false,
    };
}
