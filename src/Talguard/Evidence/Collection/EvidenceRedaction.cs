using System.Collections.Frozen;
using System.Text;
using System.Text.Json.Nodes;

namespace Talguard.Evidence.Collection;

/// <summary>
/// What collection puts in place of a secret. The value keeps its place and stays a non-empty string, so a rule that
/// judges whether a secret is set (a literal LUKS passphrase, a CA key on a worker) still sees one.
/// </summary>
public static class EvidenceRedaction
{
    public const string Marker = "TALGUARD-REDACTED";

    /// <summary>
    /// Key names whose values are secrets wherever they appear in a machine config: the join token and bootstrap
    /// token (<c>machine.token</c>, <c>cluster.token</c>), CA and service-account private keys (<c>*.key</c>), the
    /// cluster secret and Kubernetes encryption secrets, LUKS static passphrases, WireGuard keys and registry
    /// credentials.
    /// </summary>
    internal static readonly FrozenSet<string> SecretKeys = new[]
    {
        "token", "key", "secret", "secretboxEncryptionSecret", "aescbcEncryptionSecret", "passphrase", "privateKey",
        "presharedKey", "password", "identityToken", "auth", "bootstrapToken",
    }.ToFrozenSet(StringComparer.Ordinal);

    private const string PrivateKeyTrailer = "PRIVATE KEY-----";

    /// <summary>Base64 of "-----BEGIN ": Talos stores keys as base64 of their PEM text.</summary>
    private const string Base64PemStart = "LS0tLS1CRUdJTi";

    private const int HeaderChars = 120;

    /// <summary>A PEM private key block, as text or as the base64 of its text, anywhere in <paramref name="value"/>.</summary>
    internal static bool IsPrivateKeyMaterial(string value)
    {
        if (value.Contains(PrivateKeyTrailer, StringComparison.Ordinal))
        {
            return true;
        }

        var start = value.IndexOf(Base64PemStart, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var end = start;
        while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] is '+' or '/' or '='))
        {
            end++;
        }

        // The PEM header lies in the first few dozen bytes; whole 4-character groups decode on their own.
        var usable = value.AsSpan(start, Math.Min(end - start, HeaderChars) / 4 * 4);
        Span<byte> decoded = stackalloc byte[HeaderChars];
        return Convert.TryFromBase64Chars(usable, decoded, out var written)
            && Encoding.ASCII.GetString(decoded[..written]).Contains(PrivateKeyTrailer, StringComparison.Ordinal);
    }

    /// <summary>
    /// Redacts one collected object in place: the machine config text of a <c>machineconfig</c> resource, the data
    /// of any Kubernetes Secret, and every string holding private key material. Returns what it did.
    /// </summary>
    internal static RedactionOutcome Redact(JsonObject collected, string resource)
    {
        var outcome = RedactionOutcome.Unchanged;
        if (resource == "machineconfig" && collected["spec"] is JsonValue spec && spec.TryGetValue<string>(out var text))
        {
            var redacted = MachineConfigRedactor.Redact(text);
            if (redacted is null)
            {
                collected["spec"] = Marker;
                return RedactionOutcome.Withheld;
            }

            if (!ReferenceEquals(redacted, text))
            {
                collected["spec"] = redacted;
                outcome = RedactionOutcome.Redacted;
            }
        }

        return RedactJson(collected) ? RedactionOutcome.Redacted : outcome;
    }

    private static bool RedactJson(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                var isSecret = obj["kind"] is JsonValue kind && kind.TryGetValue<string>(out var kindName) && kindName == "Secret";
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[name];
                    if (child is null)
                    {
                        continue;
                    }

                    if (isSecret && name is "data" or "stringData" && child is JsonObject data)
                    {
                        foreach (var entry in data.Select(p => p.Key).ToList())
                        {
                            data[entry] = Marker;
                        }

                        changed |= data.Count > 0;
                        continue;
                    }

                    changed |= RedactChild(child, replace => obj[name] = replace);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    if (array[i] is { } item)
                    {
                        changed |= RedactChild(item, replace => array[index] = replace);
                    }
                }

                break;
        }

        return changed;
    }

    private static bool RedactChild(JsonNode child, Action<JsonNode> replace)
    {
        if (child is JsonValue value && value.TryGetValue<string>(out var text))
        {
            if (text != Marker && IsPrivateKeyMaterial(text))
            {
                replace(JsonValue.Create(Marker));
                return true;
            }

            return false;
        }

        return RedactJson(child);
    }
}

/// <summary>What redaction did to one object.</summary>
internal enum RedactionOutcome
{
    Unchanged,
    Redacted,

    /// <summary>The machine config could not be parsed or its redaction verified: the whole text was replaced.</summary>
    Withheld,
}
