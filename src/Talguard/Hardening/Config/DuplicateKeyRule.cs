using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.Config;

/// <summary>
/// TG-CONF-008: a key written twice in one mapping. Talos's YAML decoder refuses the document
/// ("mapping key ... already defined"); other tools silently keep the last value, hiding the first.
/// </summary>
public sealed class DuplicateKeyRule : Rule
{
    public static readonly RuleDescriptor Rule = RuleDescriptor.Create(
        "TG-CONF-008", Severity.High, Section.Config,
        "Key written twice in one mapping",
        "Talos decodes configs with unique-key checking: a mapping that repeats a key (e.g. two top-level `machine:` blocks after pasting snippets) " +
        "makes the node reject the config, while editors and most tools silently keep only the last block.",
        "Merge the repeated blocks into one.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Check(ScanContext context)
    {
        foreach (var document in context.Model.TalosFiles.SelectMany(f => f.Documents))
        {
            if (document.Root is { } root)
            {
                Walk(context, document, root);
            }
        }
    }

    private static void Walk(ScanContext context, LocatedDocument document, YamlNode node)
    {
        if (node.IsMapping)
        {
            var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (key, value) in node.Entries)
            {
                if (!seen.TryAdd(key.Value, key))
                {
                    context.ReportMissing(Rule, document, key, value.Path,
                        $"`{key.Value}` is already defined at line {seen[key.Value].Start.Line}: Talos rejects the document (\"mapping key already defined\"); merge the two blocks");
                }

                Walk(context, document, value);
            }
        }

        foreach (var item in node.Items)
        {
            Walk(context, document, item);
        }
    }
}
