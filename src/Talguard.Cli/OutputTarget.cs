using Talguard.Artifacts;

namespace Talguard.Cli;

/// <summary>
/// Where a report goes. The report is rendered completely in memory first, so a failure never leaves
/// half a file; <see cref="ArtifactWriter"/> then writes it without replacing what it must not.
/// </summary>
public static class OutputTarget
{
    public static void Write(string? path, TextWriter stdout, Action<Stream> render)
    {
        using var buffer = new MemoryStream();
        render(buffer);
        stdout.Flush();
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            stdout.Write(text);
            stdout.Flush();
            return;
        }

        ArtifactWriter.Write(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Refuses to write <paramref name="output"/> when it is one of the files this run read: the same file by
    /// identity (through symbolic and hard links), or a file inside an input directory. Devices, FIFOs and files
    /// that do not exist yet cannot be an input that a write would destroy.
    /// </summary>
    public static void EnsureNotAnInput(string? output, string option, IEnumerable<string?> inputs)
    {
        if (string.IsNullOrEmpty(output) || output == "-")
        {
            return;
        }

        var target = FileIdentity.Of(output);
        if (target.Kind != FileKind.Regular)
        {
            return;
        }

        var ancestors = Ancestors(ArtifactWriter.FinalTarget(output)).ToList();
        foreach (var input in inputs)
        {
            if (string.IsNullOrEmpty(input) || input == Model.InputLoader.StandardInputName)
            {
                continue;
            }

            var identity = FileIdentity.Of(input);
            if (identity.SameFileAs(target) || (identity.Kind == FileKind.Directory && ancestors.Exists(identity.SameFileAs)))
            {
                throw new UsageException($"{option} {output}: is also an input of this run ({input}); write the output elsewhere");
            }
        }
    }

    private static IEnumerable<FileIdentity> Ancestors(string fullPath)
    {
        for (var directory = Path.GetDirectoryName(fullPath); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            yield return FileIdentity.Of(directory);
        }
    }
}
