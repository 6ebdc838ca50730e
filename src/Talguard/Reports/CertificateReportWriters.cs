using System.Globalization;
using System.Text;
using System.Text.Json;
using Talguard.Hardening.Certificates;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>The certificate inventory of <c>talguard certs</c> as JSON members and as Prometheus metrics.</summary>
public static class CertificateReportWriters
{
    private const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The <c>now</c>, <c>expiryWarningDays</c> and <c>certificates</c> members added to the findings JSON (docs/certificates.md).</summary>
    public static void WriteJsonMembers(Utf8JsonWriter json, CertificatesResult result)
    {
        json.WriteString("now", Date(result.Now));
        json.WriteNumber("expiryWarningDays", result.ExpiryWarningDays);
        json.WriteStartArray("certificates");
        foreach (var record in result.Certificates)
        {
            json.WriteStartObject();
            json.WriteString("file", record.File);
            json.WriteNumber("line", record.Line);
            json.WriteString("where", record.Where);
            json.WriteString("source", SourceName(record.Source));
            json.WriteString("context", record.Context);
            json.WriteString("authority", record.Authority);
            json.WriteString("subject", record.Subject);
            json.WriteString("subjectCommonName", record.SubjectCommonName);
            Strings(json, "subjectOrganizations", record.SubjectOrganizations);
            json.WriteString("issuer", record.Issuer);
            json.WriteString("issuerCommonName", record.IssuerCommonName);
            json.WriteString("serial", record.Serial);
            json.WriteString("keyType", record.KeyType);
            if (record.KeyBits is { } bits)
            {
                json.WriteNumber("keyBits", bits);
            }
            else
            {
                json.WriteNull("keyBits");
            }

            json.WriteString("curve", record.Curve);
            json.WriteString("signatureAlgorithm", record.SignatureAlgorithm);
            json.WriteString("notBefore", Date(record.NotBefore));
            json.WriteString("notAfter", Date(record.NotAfter));
            json.WriteNumber("daysLeft", record.DaysLeft);
            json.WriteBoolean("isCa", record.IsCa);
            Strings(json, "extendedKeyUsages", record.ExtendedKeyUsages);
            Strings(json, "talosRoles", record.TalosRoles);
            json.WriteString("chain", ChainName(record.Chain));
            json.WriteString("verifiedBy", record.VerifiedBy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// The metrics x509-certificate-exporter exposes (<c>x509_cert_not_before</c>, <c>x509_cert_not_after</c>,
    /// <c>x509_cert_expired</c>, <c>x509_read_errors</c>) with its label names, so its Grafana dashboards and alerts work
    /// unchanged: <c>filepath</c>, <c>filename</c>, <c>serial_number</c> (decimal), <c>subject_*</c>/<c>issuer_*</c> for
    /// C, ST, L, O, OU, CN when present, and for a kubeconfig <c>embedded_kind</c> (user or cluster) and <c>embedded_key</c>.
    /// Talguard adds <c>talguard_where</c>, as a file may hold many certificates (a secrets bundle holds five).
    /// Labels are sorted by name, series by metric then labels: the same input gives the same bytes.
    /// </summary>
    public static void WritePrometheus(CertificatesResult result, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        var series = result.Certificates.Select(r => (Record: r, Labels: Labels(r))).OrderBy(s => s.Labels, StringComparer.Ordinal).ToList();
        Metric(writer, "x509_cert_expired", "Indicates if the certificate is expired", series, r => r.NotAfter <= result.Now ? "1" : "0");
        Metric(writer, "x509_cert_not_after", "Indicates the certificate's not after timestamp", series, r => r.NotAfter.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Metric(writer, "x509_cert_not_before", "Indicates the certificate's not before timestamp", series, r => r.NotBefore.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        writer.WriteLine("# HELP x509_read_errors Indicates the number of read failure(s)");
        writer.WriteLine("# TYPE x509_read_errors gauge");
        writer.WriteLine("x509_read_errors 0");
    }

    public static string SourceName(CertificateSource source) => source switch
    {
        CertificateSource.MachineConfig => "machineconfig",
        CertificateSource.SecretsBundle => "secrets",
        CertificateSource.Talosconfig => "talosconfig",
        CertificateSource.Kubeconfig => "kubeconfig",
        _ => "file",
    };

    public static string ChainName(ChainStatus chain) => chain switch
    {
        ChainStatus.Verified => "verified",
        ChainStatus.SelfSigned => "self-signed",
        ChainStatus.IssuerNotInInputs => "issuer-not-in-inputs",
        _ => "signature-invalid",
    };

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public static string Date(DateTimeOffset date) => date.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static void Metric(StreamWriter writer, string name, string help, List<(CertificateRecord Record, string Labels)> series, Func<CertificateRecord, string> value)
    {
        writer.WriteLine($"# HELP {name} {help}");
        writer.WriteLine($"# TYPE {name} gauge");
        foreach (var (record, labels) in series)
        {
            writer.WriteLine($"{name}{{{labels}}} {value(record)}");
        }
    }

    private static string Labels(CertificateRecord record)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["filepath"] = record.File,
            ["filename"] = Path.GetFileName(record.File),
            ["serial_number"] = record.SerialDecimal,
            ["talguard_where"] = record.Where,
        };
        NameLabels(labels, "subject", record.SubjectParts);
        NameLabels(labels, "issuer", record.IssuerParts);
        if (record.Source == CertificateSource.Kubeconfig)
        {
            labels["embedded_kind"] = record.Where.StartsWith("clusters", StringComparison.Ordinal) ? "cluster" : "user";
            labels["embedded_key"] = record.Context;
        }

        return string.Join(',', labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\""));
    }

    /// <summary>The attributes the exporter labels, as Go's pkix.Name keeps them: the first C, ST (the exporter reads the street address there), L, O and OU in certificate order, and the last CN.</summary>
    private static void NameLabels(SortedDictionary<string, string> labels, string prefix, IReadOnlyList<KeyValuePair<string, string>> parts)
    {
        foreach (var (attribute, value) in parts)
        {
            var name = $"{prefix}_{attribute}";
            if (attribute == "CN" || !labels.ContainsKey(name))
            {
                labels[name] = value;
            }
        }
    }

    /// <summary>Label values as the text exposition format escapes them: backslash, double quote and line feed.</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
