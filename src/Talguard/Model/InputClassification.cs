namespace Talguard.Model;

/// <summary>
/// Whether Talguard judges a loaded file: the one place that knows which inputs it recognises, so a new kind of
/// input is added here and the loader, the directory walk and the reports follow.
/// </summary>
public static class InputClassification
{
    public const string NotRecognised = "not a Talos config, Kubernetes object, talosconfig, secrets bundle or talhelper project (no version/apiVersion/kind)";

    /// <summary>
    /// Null when the file holds something Talguard judges; otherwise why not. A directory scan lists such a file as
    /// skipped; a file named on the command line is an input error.
    /// </summary>
    public static string? NotJudgedReason(SourceFile file) =>
        file.Documents.Any(d => d.Class is not (DocumentClass.Unknown or DocumentClass.Empty)) ? null : NotRecognised;
}
