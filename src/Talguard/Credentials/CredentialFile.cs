using System.Text;
using Talguard.Artifacts;

namespace Talguard.Credentials;

/// <summary>
/// Where a new talosconfig or kubeconfig goes: a regular file only (a private key never goes to a terminal, pipe or
/// device), never over an existing file unless asked, written atomically with mode 0600.
/// </summary>
internal static class CredentialFile
{
    /// <summary>Refuses <paramref name="path"/> before any key is made, so a refused run writes nothing.</summary>
    public static void CheckTarget(string path, bool force)
    {
        var target = FileIdentity.Of(path);
        switch (target.Kind)
        {
            case FileKind.Missing:
                return;
            case FileKind.Regular when force:
                return;
            case FileKind.Regular:
                throw new ArtifactException(path, "already exists; use --force to replace it");
            case FileKind.Directory:
                throw new ArtifactException(path, "is a directory");
            default:
                throw new ArtifactException(path, "is not a regular file (a file holding a private key is written only to a regular file)");
        }
    }

    public static void Write(string path, string content) => ArtifactWriter.Write(path, Encoding.UTF8.GetBytes(content), ArtifactWriter.PrivateMode);

    /// <summary>Base64 of PEM text, as talosconfigs and kubeconfigs carry certificates and keys.</summary>
    public static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
