using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Hardening.Config;

/// <summary>
/// TG-CONF-008: a key written twice in one mapping. Talos's YAML decoder refuses the document
/// ("mapping key ... already defined"); other tools silently keep the last value, hiding the first.
/// </summary>
public sealed class DuplicateKeyRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CONF-008", Severity.High, Section.Config,
        "Key written twice in one mapping",
        "Talos decodes configs with unique-key checking: a mapping that repeats a key (e.g. two top-level `machine:` blocks after pasting snippets) " +
        "makes the node reject the config, while editors and most tools silently keep only the last block.",
        "Merge the repeated blocks into one.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.None("a repeated key makes Talos refuse the whole document: a config-validity defect the node catches at apply time, not evidence for a security control"));

    private const int SmallMapping = 16;

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var document in context.Configs.SelectMany(f => f.Documents))
        {
            if (document.Root is { } root)
            {
                Walk(context, document, root, new YamlVisits());
            }
        }
    }

    private static YamlNode? EarlierKey(YamlChildren<KeyValuePair<YamlNode, YamlNode>> entries, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(entries[j].Key.Value, entries[index].Key.Value, StringComparison.Ordinal))
            {
                return entries[j].Key;
            }
        }

        return null;
    }

    private static void Walk(ScanContext context, LocatedDocument document, YamlNode node, YamlVisits visits)
    {
        if (!visits.Enter(node))
        {
            return;
        }

        if (node.IsMapping)
        {
            var entries = node.Entries;
            // Most mappings are small: compare with the earlier keys directly instead of allocating a set for each.
            var seen = entries.Count > SmallMapping ? new Dictionary<string, YamlNode>(StringComparer.Ordinal) : null;
            for (var i = 0; i < entries.Count; i++)
            {
                var (key, value) = entries[i];
                var earlier = seen is null ? EarlierKey(entries, i) : seen.TryAdd(key.Value, key) ? null : seen[key.Value];
                if (earlier is not null)
                {
                    context.ReportMissing(Definition, document, key, value.Path,
                        $"`{DisplayText.Value(key.DisplayKey)}` is already defined at line {earlier.Start.Line}: Talos rejects the document (\"mapping key already defined\"); merge the two blocks");
                }

                Walk(context, document, value, visits);
            }
        }

        foreach (var item in node.Items)
        {
            Walk(context, document, item, visits);
        }
    }
}
