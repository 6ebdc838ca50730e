using System.Text;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Mutates one certificate of a config inside its encoding, so the certificate readers see damaged PEM and DER
/// rather than a value that no longer decodes as base64: Talos stores base64 of PEM text.
/// </summary>
internal static class CertificateMutator
{
    private static readonly string[] Keys = ["crt: ", "ca: "];

    public static string Mutate(Random random, string text)
    {
        var key = Keys[random.Next(Keys.Length)];
        var starts = new List<int>();
        for (var at = text.IndexOf(key, StringComparison.Ordinal); at >= 0; at = text.IndexOf(key, at + 1, StringComparison.Ordinal))
        {
            starts.Add(at + key.Length);
        }

        if (starts.Count == 0)
        {
            return text;
        }

        var start = starts[random.Next(starts.Count)];
        var end = text.IndexOfAny(['\n', '\r'], start) is var newline and >= 0 ? newline : text.Length;
        var buffer = new byte[end - start];
        if (!Convert.TryFromBase64String(text[start..end], buffer, out var written))
        {
            return text;
        }

        var pem = Encoding.ASCII.GetString(buffer, 0, written);
        var mutated = random.Next(3) == 0 ? MutatePemText(random, pem) : MutateDer(random, pem);
        return string.Concat(text.AsSpan(0, start), Convert.ToBase64String(Encoding.ASCII.GetBytes(mutated)), text.AsSpan(end));
    }

    private static string MutatePemText(Random random, string pem) => random.Next(4) switch
    {
        0 => pem[..random.Next(pem.Length)],
        1 => pem + pem,
        2 => pem.Replace("CERTIFICATE", random.Next(2) == 0 ? "PRIVATE KEY" : "CERTIFICATE REQUEST", StringComparison.Ordinal),
        _ => pem.Insert(random.Next(pem.Length), "\n-----END CERTIFICATE-----\n"),
    };

    /// <summary>Decodes the PEM body, damages the DER (flips, edge length bytes, truncation) and encodes it again.</summary>
    private static string MutateDer(Random random, string pem)
    {
        var begin = pem.IndexOf('\n', StringComparison.Ordinal) + 1;
        var finish = pem.IndexOf("-----END", StringComparison.Ordinal);
        if (begin <= 0 || finish <= begin)
        {
            return pem;
        }

        var der = Convert.FromBase64String(pem[begin..finish].Replace("\n", string.Empty, StringComparison.Ordinal));
        for (var changes = random.Next(1, 4); changes > 0 && der.Length > 0; changes--)
        {
            switch (random.Next(4))
            {
                case 0:
                    der[random.Next(der.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    der[random.Next(der.Length)] = (byte)(random.Next(2) == 0 ? 0xFF : 0x80 | random.Next(5));
                    break;
                case 2:
                    der = der[..random.Next(der.Length)];
                    break;
                default:
                    der[random.Next(der.Length)] = (byte)random.Next(256);
                    break;
            }
        }

        return pem[..begin] + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n" + pem[finish..];
    }
}
