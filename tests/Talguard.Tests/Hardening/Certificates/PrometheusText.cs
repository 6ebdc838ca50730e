using System.Globalization;

namespace Talguard.Tests.Hardening.Certificates;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4) as far as gauges go: every family has
/// one HELP and one TYPE line before its samples and appears in one block; metric and label names are valid; label
/// values are quoted with only \\, \" and \n escapes; no label repeats in a sample, no series repeats, samples of a
/// family come in order of their label text (deterministic output), values parse as floats.
/// </summary>
internal static class PrometheusText
{
    public sealed record Sample(Dictionary<string, string> Labels, double Value);

    public static Dictionary<string, List<Sample>> Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var families = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var seenSeries = new HashSet<string>(StringComparer.Ordinal);
        string? previousLabels = null;
        foreach (var line in text[..^1].Split('\n'))
        {
            Assert.False(string.IsNullOrEmpty(line), "empty line in the exposition");
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var family = line[7..].Split(' ')[0];
                AssertName(family, line);
                Assert.True(helped.Add(family), $"second HELP for {family}");
                Assert.False(families.ContainsKey(family), $"{family} appears in two blocks");
                current = family;
                previousLabels = null;
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.Equal($"# TYPE {current} gauge", line);
                families[current!] = [];
                continue;
            }

            Assert.False(line.StartsWith('#'), $"unexpected comment: {line}");
            var (name, labels, rest) = ReadSample(line);
            Assert.True(name == current && families.ContainsKey(name), $"sample outside its family's block: {line}");
            Assert.True(seenSeries.Add(name + "{" + labels.Text + "}"), $"series repeated: {line}");
            Assert.True(previousLabels is null || string.CompareOrdinal(previousLabels, labels.Text) < 0, $"samples out of order: {line}");
            previousLabels = labels.Text;
            Assert.True(double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), $"bad value: {line}");
            families[name].Add(new Sample(labels.Values, value));
        }

        return families;
    }

    private static (string Name, (string Text, Dictionary<string, string> Values) Labels, string Remainder) ReadSample(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace < 0 || (space >= 0 && space < brace))
        {
            AssertName(line[..space], line);
            return (line[..space], (string.Empty, []), line[(space + 1)..]);
        }

        var name = line[..brace];
        AssertName(name, line);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = brace + 1;
        var names = new List<string>();
        while (line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var label = line[i..equals];
            AssertName(label, line);
            Assert.Equal('"', line[equals + 1]);
            var value = new System.Text.StringBuilder();
            i = equals + 2;
            while (line[i] != '"')
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] switch { '\\' => '\\', '"' => '"', 'n' => '\n', _ => throw new Xunit.Sdk.XunitException($"bad escape in {line}") });
                }
                else
                {
                    value.Append(line[i]);
                }

                i++;
            }

            Assert.True(values.TryAdd(label, value.ToString()), $"label {label} repeated: {line}");
            names.Add(label);
            i++;
            if (line[i] == ',')
            {
                i++;
            }
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(' ', line[i + 1]);
        return (name, (line[(brace + 1)..i], values), line[(i + 2)..]);
    }

    private static void AssertName(string name, string line) =>
        Assert.True(name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'), $"bad name '{name}' in: {line}");
}
