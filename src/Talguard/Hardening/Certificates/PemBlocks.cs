using System.Text;

namespace Talguard.Hardening.Certificates;

/// <summary>One PEM block: its label (<c>CERTIFICATE</c>, <c>EC PRIVATE KEY</c>), the line of its BEGIN (1-based, in the text read), whether its headers say it is encrypted, and its DER bytes.</summary>
internal sealed record PemBlock(string Label, int Line, bool Encrypted, byte[] Der);

/// <summary>
/// Reads PEM text strictly, block by block, in any order (RFC 7468, plus the RFC 1421 headers OpenSSL writes for
/// encrypted legacy keys). Text outside blocks is ignored as OpenSSL ignores it; a block whose base64 is damaged or
/// that never ends is an error naming its line. Errors never quote the block's content: it may be a private key.
/// </summary>
internal static class PemBlocks
{
    private const string Begin = "-----BEGIN ";
    private const string End = "-----END ";
    private const string Dashes = "-----";

    public static bool LooksLikePem(string text) => text.Contains(Begin, StringComparison.Ordinal);

    /// <summary>The blocks of <paramref name="text"/>; <paramref name="firstLine"/> is the line the text starts on in its file.</summary>
    public static List<PemBlock> Read(string text, string file, int firstLine = 1)
    {
        var blocks = new List<PemBlock>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith(Begin, StringComparison.Ordinal))
            {
                continue;
            }

            var beginLine = firstLine + i;
            if (!line.EndsWith(Dashes, StringComparison.Ordinal) || line.Length < Begin.Length + Dashes.Length)
            {
                throw new Model.InputException(file, beginLine, "malformed PEM BEGIN line");
            }

            var label = line[Begin.Length..^Dashes.Length];
            var body = new StringBuilder();
            var encrypted = false;
            var ended = false;
            for (i++; i < lines.Length; i++)
            {
                var content = lines[i].Trim();
                if (content.StartsWith(End, StringComparison.Ordinal))
                {
                    if (content != End + label + Dashes)
                    {
                        throw new Model.InputException(file, firstLine + i, $"PEM block {label} (line {beginLine}) ends with a different label");
                    }

                    ended = true;
                    break;
                }

                if (content.Contains(':', StringComparison.Ordinal))
                {
                    // RFC 1421 headers: Proc-Type: 4,ENCRYPTED and DEK-Info mark an OpenSSL-encrypted legacy key.
                    encrypted |= content.StartsWith("Proc-Type:", StringComparison.OrdinalIgnoreCase) && content.Contains("ENCRYPTED", StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                body.Append(content);
            }

            if (!ended)
            {
                throw new Model.InputException(file, beginLine, $"PEM block {label} has no END line");
            }

            var base64 = body.ToString();
            var der = new byte[base64.Length];
            if (base64.Length == 0 || !Convert.TryFromBase64String(base64, der, out var written))
            {
                throw new Model.InputException(file, beginLine, $"PEM block {label}: corrupted base64");
            }

            blocks.Add(new PemBlock(label, beginLine, encrypted || label == "ENCRYPTED PRIVATE KEY", der[..written]));
        }

        return blocks;
    }
}
