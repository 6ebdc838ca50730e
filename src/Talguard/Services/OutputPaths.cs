using Talguard.Artifacts;

namespace Talguard.Services;

/// <summary>Guards the files a run writes against the files it read.</summary>
public static class OutputPaths
{
    /// <summary>
    /// Refuses to write <paramref name="output"/> when it is one of the files this run read: the same file by
    /// identity (through symbolic and hard links), or a file inside an input directory. Devices, FIFOs and files
    /// that do not exist yet cannot be an input that a write would destroy. <paramref name="option"/> names the
    /// output in the error (<c>-o</c>, <c>--out</c>).
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
                throw new ArtifactException($"{option} {output}: is also an input of this run ({input}); write the output elsewhere");
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
