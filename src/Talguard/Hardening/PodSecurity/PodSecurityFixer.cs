using System.Text;
using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>A file rewritten by <see cref="PodSecurityFixer"/>, and what is still left for a human.</summary>
public sealed record FixedFile(SourceFile Source, string Text, int FixedWorkloads, IReadOnlyList<string> Remaining)
{
    /// <summary>Whether the input began with a UTF-8 byte order mark, which <see cref="Content"/> then keeps.</summary>
    public bool ByteOrderMark { get; init; }

    /// <summary>The bytes to write: <see cref="Text"/> in UTF-8, after the input's byte order mark if it had one.</summary>
    public byte[] Content => ByteOrderMark ? [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Text)] : Encoding.UTF8.GetBytes(Text);
}

/// <summary>
/// Writes copies of input files whose workloads are patched to pass a target level: each round applies
/// the remedies of every violated check, re-reads the result and evaluates again. Documents without
/// edits are copied byte for byte; edited ones are re-emitted after their own directives and <c>---</c>
/// line, with the file's line endings (CRLF stays CRLF) and byte order mark.
/// </summary>
public static class PodSecurityFixer
{
    private const int MaxRounds = 4;

    public static IReadOnlyList<FixedFile> Fix(IReadOnlyList<SourceFile> files, LevelVersion target, PodSecurityEvaluator? evaluator = null)
    {
        evaluator ??= PodSecurityEvaluator.Default;
        var fixedFiles = new List<FixedFile>();
        foreach (var file in files.Where(f => f.FullPath is not null))
        {
            var bytes = File.ReadAllBytes(file.FullPath!);
            var byteOrderMark = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
            var original = Encoding.UTF8.GetString(byteOrderMark ? bytes.AsSpan(Encoding.UTF8.Preamble.Length) : bytes);
            var text = original;
            var current = file;
            for (var round = 0; round < MaxRounds; round++)
            {
                var edited = Round(current, text, target, evaluator);
                if (edited is null)
                {
                    break;
                }

                text = edited;
                current = InputLoader.Parse(file.DisplayPath, file.FullPath, text);
            }

            if (text == original)
            {
                continue;
            }

            var before = Violating(file, target, evaluator).ToList();
            var after = Violating(current, target, evaluator).ToList();
            var remaining = after.Select(w => $"{ClusterPodSecurity.Describe(w.Workload)}: {w.Result.ForbiddenDetail}").ToList();
            fixedFiles.Add(new FixedFile(file, text, before.Count - after.Count, remaining) { ByteOrderMark = byteOrderMark });
        }

        return fixedFiles;
    }

    private static IEnumerable<(Workload Workload, PodSecurityResult Result)> Violating(SourceFile file, LevelVersion target, PodSecurityEvaluator evaluator)
    {
        var model = new ClusterModel([file]);
        foreach (var workload in Workloads.Find(Workloads.Items(model)))
        {
            var result = evaluator.Evaluate(target, workload.Pod);
            if (!result.Allowed)
            {
                yield return (workload, result);
            }
        }
    }

    /// <summary>
    /// The directive lines (<c>%YAML 1.2</c>) and <c>---</c> marker a document starts with, kept as written. When
    /// content follows the marker on its line, only the marker is kept (<see cref="DocumentHeader.Content"/>) and
    /// the content is re-emitted on the next line.
    /// </summary>
    private static DocumentHeader Header(ReadOnlySpan<char> document)
    {
        var length = 0;
        var lines = 0;
        while (length < document.Length)
        {
            var rest = document[length..];
            var lineEnd = rest.IndexOf('\n');
            var line = lineEnd < 0 ? rest : rest[..(lineEnd + 1)];
            if (line.StartsWith('%'))
            {
                length += line.Length;
                lines++;
                continue;
            }

            if (line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || char.IsWhiteSpace(line[3])))
            {
                var after = line[3..].Trim();
                return after.IsEmpty || after.StartsWith('#') ? new DocumentHeader(length + line.Length, lines + 1, Content: false) : new DocumentHeader(length + 3, lines, Content: true);
            }

            break;
        }

        return new DocumentHeader(length, lines, Content: false);
    }

    private readonly record struct DocumentHeader(int Length, int Lines, bool Content);

    /// <summary>One round over a file; null when nothing could be edited.</summary>
    private static string? Round(SourceFile file, string text, LevelVersion target, PodSecurityEvaluator evaluator)
    {
        var editsByDocument = new Dictionary<int, List<PodEdit>>();
        foreach (var (workload, result) in Violating(file, target, evaluator))
        {
            var edits = new PodEdits();
            foreach (var violation in result.Violations)
            {
                violation.Check.Remedy(workload.Pod, result.EffectiveMinor, edits);
            }

            if (edits.Count > 0)
            {
                var list = editsByDocument.TryGetValue(workload.Item.Document.Index, out var existing) ? existing : editsByDocument[workload.Item.Document.Index] = [];
                list.AddRange(edits.Items);
            }
        }

        if (editsByDocument.Count == 0)
        {
            return null;
        }

        var documents = file.Documents;
        var firstBreak = text.IndexOf('\n', StringComparison.Ordinal);
        var crlf = firstBreak > 0 && text[firstBreak - 1] == '\r';
        var output = new StringBuilder();
        output.Append(text, 0, (int)documents[0].Start.Offset);
        for (var i = 0; i < documents.Count; i++)
        {
            var start = (int)documents[i].Start.Offset;
            var end = i + 1 < documents.Count ? (int)documents[i + 1].Start.Offset : text.Length;
            if (!editsByDocument.TryGetValue(i, out var edits))
            {
                output.Append(text, start, end - start);
                continue;
            }

            var header = Header(text.AsSpan(start, end - start));
            output.Append(text, start, header.Length);
            if (header.Content)
            {
                output.Append(crlf ? "\r\n" : "\n");
            }

            // Comments above the document's start are in the text already copied before it, those on its header lines with the header.
            var firstContentLine = documents[i].Start.Line + header.Lines;
            var comments = documents[i].Comments.Where(c => c.Line >= firstContentLine).ToList();
            var document = new EditableYaml(documents[i].Root!, comments);
            foreach (var edit in edits)
            {
                document.Apply(edit);
            }

            var emitted = document.Emit();
            output.Append(crlf ? emitted.Replace("\n", "\r\n", StringComparison.Ordinal) : emitted);
        }

        return output.ToString();
    }
}
