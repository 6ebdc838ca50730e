using Talguard.Model;

namespace Talguard.Findings;

/// <summary>Where a finding points: file, 1-based line and column (0 for a whole-file place), offset, document index, document kind and YAML path.</summary>
public readonly record struct Location(string File, int Line, int Column, long Offset, int Document, string Kind, string Path)
{
    public static Location At(LocatedDocument document, YamlNode node) =>
        At(document, node, node.Path);

    /// <summary>
    /// A place in the document: at <paramref name="node"/> when it exists, else at the document start. In a merged
    /// config the place is in the file (base or patch) the node came from.
    /// </summary>
    public static Location At(LocatedDocument document, YamlNode? node, string path)
    {
        if (node is null)
        {
            var origin = document.Root?.Origin;
            return new(origin?.File ?? document.File.DisplayPath, document.Start.Line, document.Start.Column, document.Start.Offset,
                origin?.Document ?? document.Index, document.Kind, path);
        }

        var anchor = Anchor(node);
        return new(anchor.Origin?.File ?? document.File.DisplayPath, anchor.Start.Line, anchor.Start.Column, anchor.Start.Offset,
            anchor.Origin?.Document ?? document.Index, document.Kind, path);
    }

    /// <summary>
    /// Where a user looks for a node: a block mapping or list under a key starts at its first child,
    /// so those point at their key (<c>tpm:</c>) instead; scalars point at their value.
    /// </summary>
    private static YamlNode Anchor(YamlNode node) =>
        !node.IsScalar && node.KeyNode is { } key ? key : node;

    /// <summary><c>file:line:column</c>, or only the file for a file-level place (a binary input has no line to show).</summary>
    public string Place => Line > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}") : File;

    /// <summary><c>line:column</c>, or empty for a file-level place.</summary>
    public string LineAndColumn => Line > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Line}:{Column}") : string.Empty;

    /// <summary>A file-level place (no document, no line: 0), e.g. for a binary input such as a snapshot; reports name only the file.</summary>
    public static Location OfFile(string file, string kind = "", string path = "") => new(file, 0, 0, 0, 0, kind, path);
}
