using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Findings;

/// <summary>An input that could not be read or parsed; the run reports it with the other files' findings and exits 2.</summary>
/// <param name="File">The file as the report names it.</param>
/// <param name="Line">1-based line of the error, 0 when it concerns the whole file (unreadable, too large, binary).</param>
/// <param name="Message">One line, without the file name.</param>
public sealed record InputError(string File, int Line, string Message)
{
    /// <summary>The error line a run with only this input prints, control characters shown escaped.</summary>
    public string OneLine => DisplayText.ForTerminal(Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}");
}

/// <summary>A file a directory scan found but did not judge (neither Talos, Kubernetes nor talhelper), and why.</summary>
public sealed record SkippedInput(string File, string Reason);

/// <summary>
/// The Talos and Kubernetes releases one file was judged against, and what decided them (an option, an image
/// tag, the document kinds present, or the default).
/// </summary>
public sealed record FileTarget(string File, TalosVersion TalosVersion, TalosVersion KubernetesVersion, string Evidence);
