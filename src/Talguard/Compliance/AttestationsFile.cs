using System.Globalization;
using Talguard.Model;

namespace Talguard.Compliance;

/// <summary>
/// Reads an attestations file (<c>--attestations</c>, docs/compliance.md):
/// <c>attestations: [{control, status, evidence, owner, date, expiry}]</c>. A control may be written
/// <c>framework:id</c> (<c>soc2:CC7.4</c>) so one file serves every framework; entries of another framework are
/// skipped. Anything malformed is an <see cref="InputException"/> naming the line, so a typo never leaves a control
/// silently unattested.
/// </summary>
internal static class AttestationsFile
{
    private const long MaxFileBytes = 4 * 1024 * 1024;

    private static readonly string[] EntryKeys = ["control", "status", "evidence", "owner", "date", "expiry"];

    public static IReadOnlyList<Attestation> Load(string path, ComplianceCatalog catalog)
    {
        var display = path.Replace(Path.DirectorySeparatorChar, '/');
        var text = InputLoader.Decode(display, BoundedFile.ReadAllBytes(display, path, MaxFileBytes, yaml: true));
        return Parse(display, text, catalog);
    }

    public static IReadOnlyList<Attestation> Parse(string file, string text, ComplianceCatalog catalog)
    {
        var documents = InputLoader.Parse(file, null, text).Documents.Where(d => d.Class != DocumentClass.Empty).ToList();
        if (documents.Count != 1 || documents[0].Root is not { IsMapping: true } root)
        {
            throw new InputException(file, 1, "an attestations file is one YAML mapping with an 'attestations' list");
        }

        foreach (var (key, _) in root.Entries)
        {
            if (key.Value != "attestations")
            {
                throw new InputException(file, key.Start.Line, $"unknown key '{key.Value}' (expected 'attestations')");
            }
        }

        var list = root["attestations"];
        if (list is null || list.IsNull)
        {
            return [];
        }

        if (!list.IsSequence)
        {
            throw new InputException(file, list.Start.Line, "'attestations' must be a list of entries");
        }

        var attestations = new List<Attestation>();
        foreach (var item in list.Items)
        {
            if (ParseEntry(file, item, catalog) is { } attestation)
            {
                if (attestations.FirstOrDefault(a => a.Control == attestation.Control) is { } earlier)
                {
                    throw new InputException(file, item.Start.Line, $"control {attestation.Control} is already attested at line {earlier.Line}");
                }

                attestations.Add(attestation);
            }
        }

        return attestations;
    }

    private static Attestation? ParseEntry(string file, YamlNode item, ComplianceCatalog catalog)
    {
        if (!item.IsMapping)
        {
            throw new InputException(file, item.Start.Line, "an attestation must be a mapping with control, status, evidence, owner, date and expiry");
        }

        foreach (var (key, _) in item.Entries)
        {
            if (!EntryKeys.Contains(key.Value, StringComparer.Ordinal))
            {
                throw new InputException(file, key.Start.Line, $"unknown key '{key.Value}' in attestation (expected control, status, evidence, owner, date, expiry)");
            }
        }

        var control = Required(file, item, "control");
        var framework = catalog.Framework.Id;
        if (control.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
        {
            var prefix = control[..colon];
            if (!ComplianceCatalogs.Keys.Contains(prefix, StringComparer.Ordinal))
            {
                throw new InputException(file, item["control"]!.Start.Line, $"unknown framework '{prefix}' in control '{control}' (expected {string.Join(", ", ComplianceCatalogs.Keys)})");
            }

            if (prefix != framework)
            {
                return null;
            }

            control = control[(colon + 1)..];
        }

        if (catalog.Find(control) is null)
        {
            throw new InputException(file, item["control"]!.Start.Line, $"control '{control}' is not in the {framework} catalog");
        }

        var statusText = Required(file, item, "status");
        if (!ControlStatusNames.TryParse(statusText, out var status) || status == ControlStatus.Manual)
        {
            throw new InputException(file, item["status"]!.Start.Line, $"status '{statusText}' is not one of pass, fail, not-applicable");
        }

        var evidence = Required(file, item, "evidence");
        var owner = Required(file, item, "owner");
        var date = Date(file, item, "date") ?? throw new InputException(file, item.Start.Line, "attestation has no 'date'");
        var expiry = Date(file, item, "expiry");
        if (expiry < date)
        {
            throw new InputException(file, item["expiry"]!.Start.Line, $"expiry {expiry:yyyy-MM-dd} is before the date {date:yyyy-MM-dd}");
        }

        return new Attestation(control, status, evidence, owner, date, expiry, file, item.Start.Line);
    }

    private static DateOnly? Date(string file, YamlNode entry, string key) =>
        Optional(file, entry, key) is not { } text ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new InputException(file, entry[key]!.Start.Line, $"{key} '{text}' is not a date like 2026-12-31");

    private static string Required(string file, YamlNode entry, string key) =>
        Optional(file, entry, key) ?? throw new InputException(file, entry.Start.Line, $"attestation has no '{key}'");

    private static string? Optional(string file, YamlNode entry, string key)
    {
        var node = entry[key];
        if (node is null || node.IsNull)
        {
            return null;
        }

        var value = node.AsString();
        return value is null || value.Trim().Length == 0
            ? throw new InputException(file, node.Start.Line, $"'{key}' must be a non-empty text value")
            : value.Trim();
    }
}
