using System.Text;
using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>A file rewritten by <see cref="PodSecurityFixer"/>, and what is still left for a human.</summary>
public sealed record FixedFile(SourceFile Source, string Text, int FixedWorkloads, IReadOnlyList<string> Remaining);

/// <summary>
/// Writes copies of input files whose workloads are patched to pass a target level: each round applies
/// the remedies of every violated check, re-reads the result and evaluates again. Documents without
/// edits are copied byte for byte; edited ones are re-emitted.
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
            var original = File.ReadAllText(file.FullPath!);
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
            var remaining = after.Select(w => $"{PodSecurityService.Describe(w.Workload)}: {w.Result.ForbiddenDetail}").ToList();
            fixedFiles.Add(new FixedFile(file, text, before.Count - after.Count, remaining));
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

            var document = new EditableYaml(documents[i].Root!);
            foreach (var edit in edits)
            {
                document.Apply(edit);
            }

            if (text.AsSpan(start).StartsWith("---", StringComparison.Ordinal))
            {
                output.Append("---\n");
            }

            output.Append(document.Emit());
        }

        return output.ToString();
    }
}
