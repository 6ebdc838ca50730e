using System.Globalization;
using System.Text.Json;
using Talguard.Model;
using Talguard.Reports;

namespace Talguard.Findings;

/// <summary>
/// <c>scan --baseline previous.json</c>: the findings of an earlier <c>scan --format json</c>, so a run reports (and
/// fails on) only what is new. A finding matches a baseline finding with the same rule, file (as the JSON writes it,
/// relative, without a leading <c>./</c>), YAML path and object (kind, namespace, name) — never by line, so lines
/// added above a finding keep it matched. Matching counts: two equal findings need two in the baseline.
/// </summary>
public sealed class Baseline
{
    /// <summary>A baseline larger than this is refused: no real findings report comes near it.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    private readonly Dictionary<Key, int> _counts;

    private Baseline(string file, Dictionary<Key, int> counts, int total)
    {
        File = file;
        _counts = counts;
        Count = total;
    }

    /// <summary>The baseline file as the user named it.</summary>
    public string File { get; }

    /// <summary>How many findings the baseline holds.</summary>
    public int Count { get; }

    private readonly record struct Key(string RuleId, string File, string Path, string Kind, string Namespace, string Name);

    /// <summary>Reads a findings JSON; anything else (another tool's report, another schema version, broken JSON) is an <see cref="InputException"/> with its line.</summary>
    public static Baseline Load(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new InputException(path, Directory.Exists(path) ? "is a directory, not a findings JSON" : "no such file");
            }

            if (info.Length > MaxBytes)
            {
                throw new InputException(path, $"is larger than {MaxBytes / (1024 * 1024)} MiB, too large for a findings JSON");
            }

            bytes = System.IO.File.ReadAllBytes(path);
        }
        catch (IOException error)
        {
            throw new InputException(path, "cannot be read: " + error.Message);
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(path, "cannot be read: permission denied");
        }

        try
        {
            return Parse(path, bytes);
        }
        catch (JsonException error)
        {
            var line = (int)(error.LineNumber ?? 0) + 1;
            throw new InputException(path, line, "not a findings JSON of talguard scan --format json: the JSON is malformed");
        }
    }

    /// <summary>
    /// <paramref name="result"/> without the findings the baseline holds, with a notice saying how many were left out
    /// and how many baseline findings are gone.
    /// </summary>
    public ScanResult Apply(ScanResult result)
    {
        var remaining = new Dictionary<Key, int>(_counts);
        var kept = new List<Finding>(result.Findings.Count);
        var matched = 0;
        foreach (var finding in result.Findings)
        {
            var key = KeyOf(finding);
            if (remaining.TryGetValue(key, out var left) && left > 0)
            {
                remaining[key] = left - 1;
                matched += finding.Represents;
                continue;
            }

            kept.Add(finding);
        }

        var gone = remaining.Values.Sum();
        var notice = string.Create(CultureInfo.InvariantCulture,
            $"baseline {File}: {matched} {(matched == 1 ? "finding is" : "findings are")} in the baseline and not reported; " +
            $"{kept.Sum(f => f.Represents)} new; {gone} of the baseline's {Count} {(Count == 1 ? "finding is" : "findings are")} gone");
        return new ScanResult(kept, result.TalosVersion, result.KubernetesVersion, [.. result.Notices, notice], result.Files)
        {
            Errors = result.Errors,
            Skipped = result.Skipped,
            Targets = result.Targets,
            MergedFiles = result.MergedFiles,
            RulesByFile = result.RulesByFile,
        };
    }

    private static Key KeyOf(Finding finding) => new(
        finding.Rule.Id, NormalizedFile(finding.Location.File), finding.Location.Path,
        finding.Object?.Kind ?? string.Empty, finding.Object?.Namespace ?? string.Empty, finding.Object?.Name ?? string.Empty);

    private static string NormalizedFile(string file)
    {
        var text = file.Replace('\\', '/');
        while (text.StartsWith("./", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return text;
    }

    private static Baseline Parse(string path, byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        int Line(in Utf8JsonReader at) => 1 + bytes.AsSpan(0, (int)at.TokenStartIndex).Count((byte)'\n');
        InputException Wrong(in Utf8JsonReader at, string reason) => new(path, Line(at), reason);

        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Wrong(reader, "not a findings JSON of talguard scan --format json: it is no JSON object");
        }

        int? schemaVersion = null;
        string? toolName = null;
        var toolLine = 1;
        var counts = new Dictionary<Key, int>();
        var total = 0;
        var sawFindings = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "schemaVersion":
                    schemaVersion = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) ? version
                        : throw Wrong(reader, "schemaVersion is not a number");
                    if (schemaVersion != ContractHeader.SchemaVersion)
                    {
                        throw Wrong(reader, string.Create(CultureInfo.InvariantCulture,
                            $"a findings JSON of schemaVersion {schemaVersion}; this talguard reads schemaVersion {ContractHeader.SchemaVersion} (write the baseline again with scan --format json)"));
                    }

                    break;
                case "tool":
                    toolLine = Line(reader);
                    toolName = ReadToolName(ref reader) ?? throw new InputException(path, toolLine, "tool has no name");
                    if (toolName != ToolInfo.Name)
                    {
                        throw new InputException(path, toolLine, $"a report of {DisplayText.Value(toolName)}, not of {ToolInfo.Name}: a baseline is the output of talguard scan --format json");
                    }

                    break;
                case "findings":
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw Wrong(reader, "findings is not an array");
                    }

                    sawFindings = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var line = Line(reader);
                        var key = ReadFinding(ref reader) ?? throw new InputException(path, line, "a finding without ruleId or location.file");
                        counts[key] = counts.GetValueOrDefault(key) + 1;
                        total++;
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (toolName is null || schemaVersion is null || !sawFindings)
        {
            var missing = toolName is null ? "tool" : schemaVersion is null ? "schemaVersion" : "findings";
            throw new InputException(path, 1, $"not a findings JSON of talguard scan --format json: it has no {missing}");
        }

        return new Baseline(path, counts, total);
    }

    private static string? ReadToolName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? name = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            if (property == "name" && reader.TokenType == JsonTokenType.String)
            {
                name = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return name;
    }

    private static Key? ReadFinding(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? ruleId = null, file = null;
        string path = string.Empty, kind = string.Empty, ns = string.Empty, objectName = string.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "ruleId" when reader.TokenType == JsonTokenType.String:
                    ruleId = reader.GetString();
                    break;
                case "location" when reader.TokenType == JsonTokenType.StartObject:
                    foreach (var (member, value) in ReadStrings(ref reader))
                    {
                        _ = member switch
                        {
                            "file" => file = value,
                            "path" => path = value,
                            _ => null,
                        };
                    }

                    break;
                case "object" when reader.TokenType == JsonTokenType.StartObject:
                    foreach (var (member, value) in ReadStrings(ref reader))
                    {
                        _ = member switch
                        {
                            "kind" => kind = value,
                            "namespace" => ns = value,
                            "name" => objectName = value,
                            _ => null,
                        };
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return ruleId is null || file is null ? null : new Key(ruleId, NormalizedFile(file), path, kind, ns, objectName);
    }

    /// <summary>The string members of the object the reader is at (others skipped), leaving the reader at its end.</summary>
    private static List<(string Name, string Value)> ReadStrings(ref Utf8JsonReader reader)
    {
        var members = new List<(string, string)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                members.Add((name, reader.GetString()!));
            }
            else
            {
                reader.Skip();
            }
        }

        return members;
    }
}
