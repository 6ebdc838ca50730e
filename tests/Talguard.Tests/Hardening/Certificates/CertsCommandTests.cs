using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.Certificates;

/// <summary><c>talguard certs</c> over an independently built PKI: the inventory, the findings, every format, the runbook and bad input.</summary>
public sealed partial class CertsCommandTests : IDisposable
{
    private readonly CertsPki _pki = new();

    public void Dispose() => _pki.Dispose();

    private static Support.Cli.Outcome Certs(params string[] args) =>
        Support.Cli.Run(args.Contains("--now") ? ["certs", .. args] : ["certs", "--now", CertsPki.NowText, .. args]);

    [Fact]
    public void Reports_exactly_the_expected_findings()
    {
        var outcome = Certs(_pki.Arg(), "--format", "json");
        Assert.Equal(1, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("ruleId").GetString()} {Path.GetRelativePath(_pki.Root, f.GetProperty("location").GetProperty("file").GetString()!)}:{f.GetProperty("location").GetProperty("line").GetInt32()}")
            .ToList();
        Assert.Equal(
            [
                "TG-CERT-009 bundle/mixed.pem:1",
                "TG-CERT-002 bundle/mixed.pem:6",
                "TG-CERT-002 files/kubeconfig-files.yaml:11",
                "TG-CERT-006 files/kubeconfig-files.yaml:11",
                "TG-CERT-002 files/server.crt:1",
                "TG-CERT-004 talosconfig-admin:3",
                "TG-CERT-002 talosconfig-expired:9",
                "TG-CERT-003 talosconfig-weak:9",
                "TG-CERT-003 talosconfig-weak:9",
                "TG-CERT-005 talosconfig-wrongca:3",
            ],
            findings);
    }

    [Fact]
    public void Json_lists_every_certificate_with_its_facts_and_chain()
    {
        var outcome = Certs(_pki.Arg(), "--format", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        var certificates = json.RootElement.GetProperty("certificates").EnumerateArray().ToList();
        Assert.Equal(CertsPki.NowText, json.RootElement.GetProperty("now").GetString());

        // secrets.yaml: etcd, k8s, k8saggregator, os; talosconfigs: ca and crt each; kubeconfig: ca and client;
        // kubeconfig-files: ca and client from files, which the walk also reads as files; mixed.pem: one; etcd-ca.der: one.
        Assert.Equal(4 + (5 * 2) + 2 + 2 + 2 + 1 + 1, certificates.Count);

        var reader = certificates.Single(c => c.GetProperty("where").GetString() == "contexts.reader.crt (context reader)");
        Assert.Equal("talosconfig", reader.GetProperty("source").GetString());
        Assert.Equal("reader", reader.GetProperty("context").GetString());
        Assert.Equal("O=os:reader", reader.GetProperty("subject").GetString());
        Assert.Equal("O=talos", reader.GetProperty("issuer").GetString());
        Assert.Equal("20", reader.GetProperty("serial").GetString());
        Assert.Equal("ECDSA", reader.GetProperty("keyType").GetString());
        Assert.Equal("P-256", reader.GetProperty("curve").GetString());
        Assert.Equal(JsonValueKind.Null, reader.GetProperty("keyBits").ValueKind);
        Assert.Equal("ECDSA-SHA256", reader.GetProperty("signatureAlgorithm").GetString());
        Assert.Equal("2026-05-22T12:00:00Z", reader.GetProperty("notBefore").GetString());
        Assert.Equal("2027-05-22T12:00:00Z", reader.GetProperty("notAfter").GetString());
        Assert.Equal(355, reader.GetProperty("daysLeft").GetInt64());
        Assert.False(reader.GetProperty("isCa").GetBoolean());
        Assert.Equal(["clientAuth"], reader.GetProperty("extendedKeyUsages").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["os:reader"], reader.GetProperty("talosRoles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("verified", reader.GetProperty("chain").GetString());
        Assert.Matches(@"secrets\.yaml:\d+ certs\.os\.crt$", reader.GetProperty("verifiedBy").GetString());

        var weak = certificates.Single(c => c.GetProperty("where").GetString() == "contexts.legacy.crt (context legacy)");
        Assert.Equal("RSA", weak.GetProperty("keyType").GetString());
        Assert.Equal(1024, weak.GetProperty("keyBits").GetInt32());
        Assert.Equal("ECDSA-SHA1", weak.GetProperty("signatureAlgorithm").GetString());

        var stale = certificates.Single(c => c.GetProperty("where").GetString() == "contexts.stale.crt (context stale)");
        Assert.Equal("signature-invalid", stale.GetProperty("chain").GetString());
        var expired = certificates.Single(c => c.GetProperty("where").GetString() == "contexts.ops.crt (context ops)");
        Assert.Equal(-3, expired.GetProperty("daysLeft").GetInt64());

        var osCa = certificates.Single(c => c.GetProperty("where").GetString() == "certs.os.crt");
        Assert.Equal("self-signed", osCa.GetProperty("chain").GetString());
        Assert.True(osCa.GetProperty("isCa").GetBoolean());
        Assert.Equal("os", osCa.GetProperty("authority").GetString());

        var der = certificates.Single(c => c.GetProperty("file").GetString()!.EndsWith("etcd-ca.der", StringComparison.Ordinal));
        Assert.Equal("DER", der.GetProperty("where").GetString());
        Assert.Equal(0, der.GetProperty("line").GetInt32());

        var fromFile = certificates.Single(c => c.GetProperty("where").GetString()!.StartsWith("users[0].user.client-certificate (user server-as-client)", StringComparison.Ordinal));
        Assert.Equal(["serverAuth"], fromFile.GetProperty("extendedKeyUsages").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("verified", fromFile.GetProperty("chain").GetString());
    }

    [Fact]
    public void Table_shows_one_block_per_certificate()
    {
        var outcome = Certs(_pki.Arg("talosconfig-reader"), _pki.Arg("secrets.yaml"));
        Assert.Equal(0, outcome.ExitCode);
        var expected =
            "contexts.reader.crt (context reader)\n" +
            "  subject    O=os:reader\n" +
            "  issuer     O=talos\n" +
            "  serial     20\n" +
            "  key        ECDSA P-256\n" +
            "  signature  ECDSA-SHA256\n" +
            "  valid      2026-05-22T12:00:00Z to 2027-05-22T12:00:00Z\n" +
            "  days left  355\n" +
            "  usages     clientAuth\n" +
            "  roles      os:reader\n";
        Assert.Contains(expected, outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains(_pki.Arg("talosconfig-reader") + ":9", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("  chain      verified by ", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("  key        ECDSA P-256 (CA)\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("  chain      self-signed CA\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("6 certificate(s): 0 expired, 0 expiring within 30 days (clock\n  2026-06-01T12:00:00Z)", outcome.Stdout, StringComparison.Ordinal);
        Assert.All(outcome.Stdout.Split('\n'), line => Assert.True(line.Length <= 80 || !line.Contains(' ', StringComparison.Ordinal), $"wider than 80 columns: {line}"));
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        foreach (var format in (string[])["table", "json", "sarif", "prometheus"])
        {
            Assert.Equal(Certs(_pki.Arg(), "--format", format).Stdout, Certs(_pki.Arg(), "--format", format).Stdout);
        }
    }

    [Fact]
    public void Private_key_material_never_appears_in_any_output()
    {
        var runs = new List<string[]>();
        foreach (var format in (string[])["table", "json", "sarif", "junit", "compact", "markdown", "prometheus"])
        {
            runs.Add([_pki.Arg(), "--format", format]);
        }

        runs.Add([_pki.Arg(), "--runbook"]);
        runs.Add([_pki.Arg(), "--runbook", "--now", "2040-01-01T00:00:00Z"]);
        Assert.NotEmpty(_pki.KeySecrets);
        foreach (var args in runs)
        {
            var outcome = Certs(args);
            Assert.True(outcome.ExitCode is 0 or 1, string.Join(' ', args) + ": " + outcome.Stderr);
            foreach (var secret in _pki.KeySecrets)
            {
                Assert.DoesNotContain(secret, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
                Assert.DoesNotContain(secret[..32], outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Prometheus_output_is_valid_exposition_with_the_exporter_names()
    {
        var outcome = Certs(_pki.Arg(), "--format", "prometheus");
        Assert.Equal(1, outcome.ExitCode);
        var families = PrometheusText.Parse(outcome.Stdout);
        Assert.Equal(["x509_cert_expired", "x509_cert_not_after", "x509_cert_not_before", "x509_read_errors"], families.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(22, families["x509_cert_not_after"].Count);
        var reader = families["x509_cert_not_after"].Single(s => s.Labels.GetValueOrDefault("talguard_where") == "contexts.reader.crt (context reader)");
        Assert.Equal("os:reader", reader.Labels["subject_O"]);
        Assert.Equal("talos", reader.Labels["issuer_O"]);
        Assert.Equal("32", reader.Labels["serial_number"]);
        Assert.Equal("talosconfig-reader", reader.Labels["filename"]);
        Assert.Equal(_pki.Arg("talosconfig-reader"), reader.Labels["filepath"]);
        Assert.Equal(new DateTimeOffset(2027, 5, 22, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), (long)reader.Value);
        var kube = families["x509_cert_expired"].Single(s => s.Labels.GetValueOrDefault("subject_CN") == "admin" && s.Labels.GetValueOrDefault("embedded_kind") == "user");
        Assert.Equal("admin@prod", kube.Labels["embedded_key"]);
        Assert.Equal("kubernetes", kube.Labels["issuer_CN"]);
        Assert.Equal(0, kube.Value);
        var expired = families["x509_cert_expired"].Single(s => s.Labels.GetValueOrDefault("subject_O") == "os:operator");
        Assert.Equal(1, expired.Value);
    }

    [Fact]
    public void Prometheus_label_values_are_escaped()
    {
        _pki.Write("odd/quote.pem", _pki.OsCa.ExportCertificatePem());
        var outcome = Certs(_pki.Arg("odd/quote.pem"), "--format", "prometheus");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Single(PrometheusText.Parse(outcome.Stdout)["x509_cert_not_after"]);
        Assert.Equal("a\\\\b\\\"c\\nd", Talguard.Reports.CertificateReportWriters.Escape("a\\b\"c\nd"));
    }

    [Fact]
    public void Runbook_gives_the_commands_for_what_is_expiring()
    {
        var outcome = Certs(_pki.Arg(), "--runbook");
        Assert.Equal(1, outcome.ExitCode);
        var text = outcome.Stdout;
        Assert.StartsWith("Rotation runbook: 4 certificate(s) expired or expiring within 30 days of 2026-06-01T12:00:00Z.\n", text, StringComparison.Ordinal);
        Assert.Contains("Renew the talosconfig client certificate of context ops", text, StringComparison.Ordinal);
        Assert.Contains($"talosctl --talosconfig {_pki.Arg("talosconfig-admin")} -e 10.5.0.2 -n 10.5.0.3 config new --roles os:operator --crt-ttl 8688h {_pki.Arg("talosconfig-expired")}.new", text, StringComparison.Ordinal);
        Assert.Contains($"talguard talosconfig new --secrets {_pki.Arg("secrets.yaml")} --role os:operator --ttl 8688h --context ops --endpoints 10.5.0.2 --nodes 10.5.0.3 -o {_pki.Arg("talosconfig-expired")}.new", text, StringComparison.Ordinal);
        Assert.Contains("Re-issue the other certificates from their CA", text, StringComparison.Ordinal);
        Assert.DoesNotContain("rotate-ca", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Runbook_rotates_expiring_cas_first_with_talosctl_rotate_ca()
    {
        var outcome = Certs(_pki.Arg("secrets.yaml"), _pki.Arg("talosconfig-reader"), "--runbook", "--now", "2035-05-25T00:00:00Z");
        var text = outcome.Stdout;
        var rotate = text.IndexOf("1. Rotate the Talos API and Kubernetes CAs", StringComparison.Ordinal);
        Assert.True(rotate > 0, text);
        Assert.Contains($"talosctl --talosconfig {_pki.Arg("talosconfig-reader")} -e 10.5.0.2 -n 10.5.0.3 rotate-ca --talos=true --kubernetes=true --dry-run=true\n", text, StringComparison.Ordinal);
        Assert.Contains($"rotate-ca --talos=true --kubernetes=true --dry-run=false -o {_pki.Arg("talosconfig-reader")}\n", text, StringComparison.Ordinal);
        Assert.Contains("2. Renew the etcd and front-proxy (aggregator) CAs by hand", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("config new", StringComparison.Ordinal) > rotate, "client certificates come after the CA rotation");
    }

    [Fact]
    public void Runbook_says_when_nothing_is_expiring()
    {
        var outcome = Certs(_pki.Arg("secrets.yaml"), "--runbook");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("Nothing to rotate: no certificate among the inputs is expired or expires within 30 days of 2026-06-01T12:00:00Z.\n", outcome.Stdout);
    }

    [Fact]
    public void A_ca_key_in_a_talosconfig_and_an_unknown_issuer_are_reported()
    {
        var caPem = Convert.ToBase64String(Encoding.ASCII.GetBytes(_pki.OsCa.ExportCertificatePem() + "\n"));
        var keyPem = Convert.ToBase64String(Encoding.ASCII.GetBytes(PemEncodingText(_pki.OsCa.GetECDsaPrivateKey()!.ExportPkcs8PrivateKey())));
        _pki.Write("cakey/talosconfig", $"context: root\ncontexts:\n  root:\n    endpoints: [10.5.0.2]\n    ca: {caPem}\n    crt: {caPem}\n    key: {keyPem}\n");
        _pki.Write("lone/leaf.pem", _pki.Reader.ExportCertificatePem());
        var outcome = Certs(_pki.Arg("cakey"), "--format", "compact");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("talosconfig:7:10: critical TG-CERT-007", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("TG-CERT-005", outcome.Stdout, StringComparison.Ordinal);
        var lone = Certs(_pki.Arg("lone"), "--format", "compact");
        Assert.Equal(0, lone.ExitCode);
        Assert.Contains("leaf.pem:1:1: info TG-CERT-008", lone.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Exclude_skips_files_in_a_directory_walk()
    {
        var outcome = Certs(_pki.Arg(), "--exclude", "talosconfig-*", "--exclude", "bundle", "--exclude", "files/**", "--format", "json");
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(6, json.RootElement.GetProperty("certificates").GetArrayLength());
        Assert.Equal(0, outcome.ExitCode);
    }

    [Theory]
    [InlineData("encrypted-pkcs8")]
    [InlineData("encrypted-legacy")]
    [InlineData("corrupted-pem")]
    [InlineData("corrupted-yaml")]
    [InlineData("wrong-pem-type")]
    [InlineData("wrong-yaml-type")]
    [InlineData("not-a-certificate-der")]
    [InlineData("unterminated-pem")]
    public void Bad_input_is_one_line_naming_the_place(string kind)
    {
        var (file, content, expected) = BadInput(kind);
        var path = Path.Combine(_pki.Root, "bad", file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (content is byte[] bytes)
        {
            File.WriteAllBytes(path, bytes);
        }
        else
        {
            File.WriteAllText(path, (string)content);
        }

        Support.Cli.AssertOneLineInputError(Certs(path), path + expected);

        // In a directory with good files, the bad one still stops the run: no partial report.
        Support.Cli.AssertOneLineInputError(Certs(_pki.Arg("bad"), _pki.Arg("secrets.yaml")), path + expected);
    }

    [Fact]
    public void An_unreadable_file_in_a_directory_is_an_error_naming_it()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "Unix file modes and links only");
        var path = _pki.Arg("locked/ca.pem");
        if (Environment.UserName == "root")
        {
            // Root reads any file whatever its mode; a link to nothing is unreadable for everyone.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.CreateSymbolicLink(path, "/nonexistent/ca.pem");
        }
        else if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _pki.Write("locked/ca.pem", _pki.OsCa.ExportCertificatePem());
            File.SetUnixFileMode(path, UnixFileMode.None);
        }

        var outcome = Certs(_pki.Arg("locked"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stdout);
        Assert.Contains(path, outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Openssl_reads_the_same_subject_serial_and_dates()
    {
        var openssl = SharedData.RequireTool("openssl", "openssl");
        using var json = JsonDocument.Parse(Certs(_pki.Arg("files"), _pki.Arg("bundle/etcd-ca.der"), "--format", "json").Stdout);
        var byFile = json.RootElement.GetProperty("certificates").EnumerateArray().ToList();
        foreach (var (file, form, where) in new[] { ("files/server.crt", "PEM", "client-certificate"), ("files/ca.crt", "PEM", "certificate-authority"), ("bundle/etcd-ca.der", "DER", "DER") })
        {
            var facts = Run(openssl, "x509", "-in", _pki.Arg(file), "-inform", form, "-noout", "-serial", "-startdate", "-enddate", "-subject", "-nameopt", "RFC2253");
            var record = byFile.First(c => c.GetProperty("where").GetString()!.Contains(where, StringComparison.Ordinal));
            Assert.Contains("serial=" + record.GetProperty("serial").GetString() + "\n", facts, StringComparison.Ordinal);
            Assert.Contains("notBefore=" + OpensslDate(record.GetProperty("notBefore").GetString()!), facts, StringComparison.Ordinal);
            Assert.Contains("notAfter=" + OpensslDate(record.GetProperty("notAfter").GetString()!), facts, StringComparison.Ordinal);
            var subject = SubjectLine().Match(facts).Groups[1].Value;
            Assert.Equal(record.GetProperty("subject").GetString(), string.Join(", ", subject.Split(',')));
        }
    }

    /// <summary>Talos's OS CA and talosconfig keys are Ed25519, which .NET cannot make: openssl makes them here.</summary>
    [Fact]
    public void Ed25519_talosconfig_made_by_openssl_is_read_and_its_key_matched()
    {
        var openssl = SharedData.RequireTool("openssl", "openssl");
        var dir = _pki.Arg("ed");
        Directory.CreateDirectory(dir);
        string P(string name) => Path.Combine(dir, name);
        Run(openssl, "genpkey", "-algorithm", "ed25519", "-out", P("ca.key"));
        Run(openssl, "req", "-x509", "-new", "-key", P("ca.key"), "-subj", "/O=talos", "-days", "3650", "-out", P("ca.crt"), "-addext", "basicConstraints=critical,CA:TRUE");
        Run(openssl, "genpkey", "-algorithm", "ed25519", "-out", P("client.key"));
        Run(openssl, "genpkey", "-algorithm", "ed25519", "-out", P("other.key"));
        Run(openssl, "req", "-new", "-key", P("client.key"), "-subj", "/O=os:reader", "-out", P("client.csr"));
        File.WriteAllText(P("ext"), "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n");
        Run(openssl, "x509", "-req", "-in", P("client.csr"), "-CA", P("ca.crt"), "-CAkey", P("ca.key"), "-set_serial", "77", "-days", "365", "-extfile", P("ext"), "-out", P("client.crt"));
        string B64(string file) => Convert.ToBase64String(File.ReadAllBytes(P(file)));
        File.WriteAllText(P("talosconfig"), $"context: ed\ncontexts:\n  ed:\n    endpoints: [10.5.0.2]\n    ca: {B64("ca.crt")}\n    crt: {B64("client.crt")}\n    key: {B64("client.key")}\n");
        File.WriteAllText(P("mismatch.yaml"), $"context: bad\ncontexts:\n  bad:\n    endpoints: [10.5.0.2]\n    ca: {B64("ca.crt")}\n    crt: {B64("client.crt")}\n    key: {B64("other.key")}\n");
        foreach (var name in (string[])["ca.key", "client.key", "other.key", "client.csr", "ext"])
        {
            File.Delete(P(name));
        }

        var outcome = Support.Cli.Run("certs", P("talosconfig"), "--format", "json");
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        var client = json.RootElement.GetProperty("certificates").EnumerateArray().Single(c => c.GetProperty("where").GetString() == "contexts.ed.crt (context ed)");
        Assert.Equal("Ed25519", client.GetProperty("keyType").GetString());
        Assert.Equal("Ed25519", client.GetProperty("signatureAlgorithm").GetString());
        Assert.Equal("verified", client.GetProperty("chain").GetString());
        Assert.Equal("4D", client.GetProperty("serial").GetString());
        Assert.Empty(json.RootElement.GetProperty("findings").EnumerateArray());

        var mismatch = Support.Cli.Run("certs", P("mismatch.yaml"), "--format", "compact");
        Assert.Equal(1, mismatch.ExitCode);
        Assert.Contains("TG-CERT-009", mismatch.Stdout, StringComparison.Ordinal);
    }

    private (string File, object Content, string Expected) BadInput(string kind)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var certificate = _pki.OsCa.ExportCertificatePem();
        string Yaml(string crt) => $"context: a\ncontexts:\n  a:\n    endpoints: [10.5.0.2]\n    ca: {crt}\n";
        return kind switch
        {
            "encrypted-pkcs8" => ("key.pem", key.ExportEncryptedPkcs8PrivateKeyPem("pw", new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes128Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000)),
                ":1: PEM block ENCRYPTED PRIVATE KEY at line 1: encrypted private key"),
            "encrypted-legacy" => ("legacy.key", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
                ":1: PEM block RSA PRIVATE KEY at line 1: encrypted private key"),
            "corrupted-pem" => ("ca.crt", "# the CA\n" + certificate.Replace("MII", "M*I", StringComparison.Ordinal), ":2: PEM block CERTIFICATE: corrupted base64"),
            "corrupted-yaml" => ("talosconfig", Yaml("LS0tLS1CRUdJTi%%%"), ":5: contexts.a.ca: corrupted base64"),
            "wrong-pem-type" => ("req.pem", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", ":1: PEM block CERTIFICATE REQUEST: not a certificate or private key"),
            "wrong-yaml-type" => ("talosconfig.yaml", Yaml(Convert.ToBase64String(Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem()))), ":5: contexts.a.ca: expected a CERTIFICATE PEM block, found PUBLIC KEY"),
            "not-a-certificate-der" => ("blob.der", new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }, ": DER: not a valid X.509 certificate"),
            _ => ("cut.pem", certificate[..200], ":1: PEM block CERTIFICATE has no END line"),
        };
    }

    private static string PemEncodingText(byte[] der) => System.Security.Cryptography.PemEncoding.WriteString("PRIVATE KEY", der) + "\n";

    /// <summary>openssl's date form: <c>Jun  1 12:00:00 2026 GMT</c>.</summary>
    private static string OpensslDate(string rfc3339)
    {
        var date = DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture).UtcDateTime;
        return date.ToString("MMM ", CultureInfo.InvariantCulture) + date.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + date.ToString(" HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture);
    }

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"{tool} did not finish");
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {error.Result}");
        return output.Result;
    }

    [GeneratedRegex("subject=(.*)\n")]
    private static partial Regex SubjectLine();
}
