using Talguard.Reports;

namespace Talguard.Model.Profile;

/// <summary>
/// One mapping of a profile (the root or a section) with its keys checked: an unknown or repeated key is an error on
/// its line. Getters return null for a key that is absent or null, so the caller falls back to the default.
/// </summary>
internal sealed class ProfileFields
{
    /// <summary>How much of a refused value an error quotes: enough to recognise it, never a whole pasted blob.</summary>
    private const int MaxQuotedChars = 80;

    private readonly string _prefix;

    private ProfileFields(string file, string prefix, YamlNode mapping)
    {
        File = file;
        _prefix = prefix;
        Mapping = mapping;
    }

    public string File { get; }

    public YamlNode Mapping { get; }

    /// <summary>Checks that <paramref name="mapping"/> holds only <paramref name="keys"/>, each once.</summary>
    public static ProfileFields Of(string file, string prefix, YamlNode mapping, IReadOnlyList<string> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in mapping.Entries)
        {
            var path = prefix.Length == 0 ? key.DisplayKey : prefix + "." + key.DisplayKey;
            if (!keys.Contains(key.Value, StringComparer.Ordinal))
            {
                throw new InputException(file, key.Start.Line, $"{DisplayText.Shorten(path, MaxQuotedChars)}: unknown key (expected one of {string.Join(", ", keys)})");
            }

            if (!seen.Add(key.Value))
            {
                throw new InputException(file, key.Start.Line, $"{DisplayText.Shorten(path, MaxQuotedChars)}: key repeated (each key may appear once)");
            }
        }

        return new ProfileFields(file, prefix, mapping);
    }

    public string PathOf(string key) => _prefix.Length == 0 ? key : _prefix + "." + key;

    /// <summary>The value under <paramref name="key"/>, or null when it is absent or written as null.</summary>
    public YamlNode? Node(string key) => Mapping[key] is { IsNull: false } node ? node : null;

    /// <summary>The line to blame for a rule about <paramref name="key"/>: its own line, else the section's.</summary>
    public int LineOf(string key) => (Mapping[key] ?? Mapping).Start.Line;

    public ProfileFields? Section(string key, IReadOnlyList<string> keys)
    {
        if (Node(key) is not { } node)
        {
            return null;
        }

        return node.IsMapping ? Of(File, PathOf(key), node, keys) : throw Fail(node, key, $"expected a mapping with {string.Join(", ", keys)}");
    }

    public string? String(string key)
    {
        if (Node(key) is not { } node)
        {
            return null;
        }

        return node.IsScalar ? node.Value : throw Fail(node, key, "expected a single value, not a " + (node.IsMapping ? "mapping" : "list"));
    }

    public T? Choice<T>(string key, ProfileChoices<T> choices)
        where T : struct, Enum
    {
        if (String(key) is not { } text)
        {
            return null;
        }

        return choices.TryParse(text, out var value) ? value : throw NotOneOf(key, text, choices.Listed);
    }

    public bool? Bool(string key)
    {
        if (Node(key) is not { } node)
        {
            return null;
        }

        return node.AsBool() is { } value && node.Value is "true" or "false" ? value : throw NotOneOf(key, node.IsScalar ? node.Value : "(" + Kind(node) + ")", "true, false");
    }

    public int? Int(string key, int min, int max)
    {
        if (Node(key) is not { } node)
        {
            return null;
        }

        // Decimal digits only: YAML 1.1 would read 010 as octal 8, which nobody writing a retention count means.
        var decimalDigits = node.Value.Length is > 0 and <= 9 && node.Value.All(char.IsAsciiDigit) && (node.Value.Length == 1 || node.Value[0] != '0');
        var value = node.IsScalar && node.IsPlain && decimalDigits ? node.AsInt64() : null;
        return value is { } number && number >= min && number <= max
            ? (int)number
            : throw Fail(node, key, $"{Quote(node.IsScalar ? node.Value : "(" + Kind(node) + ")")} is not a whole number from {min} to {max}");
    }

    /// <summary>A list of single values; a scalar where a list belongs is refused rather than read as a list of one.</summary>
    public IReadOnlyList<(string Text, YamlNode Node)>? List(string key)
    {
        if (Node(key) is not { } node)
        {
            return null;
        }

        if (!node.IsSequence)
        {
            throw Fail(node, key, "expected a list");
        }

        var items = new List<(string, YamlNode)>(node.Items.Count);
        foreach (var item in node.Items)
        {
            if (!item.IsScalar || item.IsNull)
            {
                throw new InputException(File, item.Start.Line, $"{PathOf(key)}[{items.Count}]: expected a single value");
            }

            items.Add((item.Value, item));
        }

        return items;
    }

    public InputException Fail(YamlNode node, string key, string reason) => new(File, node.Start.Line, $"{PathOf(key)}: {reason}");

    public InputException Fail(string key, string reason) => new(File, LineOf(key), $"{PathOf(key)}: {reason}");

    public InputException NotOneOf(string key, string text, string allowed) =>
        new(File, LineOf(key), $"{PathOf(key)}: {Quote(text)} is not one of {allowed}");

    /// <summary>A value as an error shows it: single-quoted, shortened, control characters escaped by the error line.</summary>
    public static string Quote(string text) => "'" + DisplayText.Shorten(text, MaxQuotedChars) + "'";

    private static string Kind(YamlNode node) => node.IsMapping ? "a mapping" : node.IsSequence ? "a list" : "a value";
}
