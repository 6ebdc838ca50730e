using System.Globalization;
using System.Text;
using Talguard.Hardening.Certificates;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Rendering;

/// <summary>
/// <c>talguard certs</c> for people: one block per certificate, laid out as the findings table is (wrapped at spaces to
/// the <see cref="TerminalStyle"/> width, nothing cut): where it is, then subject, issuer, serial, key, signature,
/// validity with the days left, usages, Talos roles and chain status, one labelled line each. Text from the inputs is
/// shown with control characters escaped. Private keys are never shown: records hold none.
/// </summary>
public static class CertificateTableWriter
{
    private const string Indent = "  ";
    private const int LabelWidth = 11;

    public static void Write(CertificatesResult result, TextWriter writer, TerminalStyle style)
    {
        var width = style.Width;
        foreach (var record in result.Certificates)
        {
            foreach (var line in TextLayout.Pack([Shown(record.Place), Shown(record.Where)], width, string.Empty, Indent))
            {
                writer.WriteLine(line);
            }

            Field(writer, width, "subject", record.Subject);
            Field(writer, width, "issuer", record.Issuer);
            Field(writer, width, "serial", record.Serial);
            Field(writer, width, "key", record.KeyDescription + (record.IsCa ? " (CA)" : string.Empty));
            Field(writer, width, "signature", record.SignatureAlgorithm);
            Field(writer, width, "valid", $"{CertificateReportWriters.Date(record.NotBefore)} to {CertificateReportWriters.Date(record.NotAfter)}");
            var days = record.DaysLeft.ToString(CultureInfo.InvariantCulture);
            var expiry = record.DaysLeft < 0 ? $"{days} (expired)" : record.DaysLeft < result.ExpiryWarningDays ? $"{days} (expiring)" : days;
            Field(writer, width, "days left", expiry);
            Field(writer, width, "usages", record.ExtendedKeyUsages.Count > 0 ? string.Join(", ", record.ExtendedKeyUsages) : "-");
            if (record.TalosRoles.Count > 0)
            {
                Field(writer, width, "roles", string.Join(", ", record.TalosRoles));
            }

            Field(writer, width, "chain", Chain(record));
            writer.WriteLine();
        }

        var expired = result.Certificates.Count(c => c.DaysLeft < 0);
        var expiring = result.Certificates.Count(c => c.DaysLeft >= 0 && c.DaysLeft < result.ExpiryWarningDays);
        foreach (var line in TextLayout.Wrap(
            $"{result.Certificates.Count} certificate(s): {expired} expired, {expiring} expiring within {result.ExpiryWarningDays} days (clock {CertificateReportWriters.Date(result.Now)})",
            width, string.Empty, Indent))
        {
            writer.WriteLine(line);
        }
    }

    private static string Chain(CertificateRecord record) => record.Chain switch
    {
        ChainStatus.Verified => "verified by " + Shown(record.VerifiedBy ?? string.Empty),
        ChainStatus.SelfSigned => record.IsCa ? "self-signed CA" : "self-signed",
        ChainStatus.IssuerNotInInputs => "issuer not in the inputs (chain not checked)",
        _ => "signature invalid (no CA among the inputs signed it)",
    };

    private static void Field(TextWriter writer, int width, string label, string value)
    {
        var first = Indent + label.PadRight(LabelWidth);
        foreach (var line in TextLayout.Wrap(Shown(value), width, first, new string(' ', first.Length)))
        {
            writer.WriteLine(line);
        }
    }

    private static string Shown(string text) => DisplayText.ForTerminal(text);
}
