using Talguard.Artifacts;
using Talguard.Services;

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

    /// <summary>Refuses to write <paramref name="output"/> over one of the files this run read (see <see cref="OutputPaths.EnsureNotAnInput"/>).</summary>
    public static void EnsureNotAnInput(string? output, string option, IEnumerable<string?> inputs) =>
        OutputPaths.EnsureNotAnInput(output, option, inputs);
}
