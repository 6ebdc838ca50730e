using System.Text;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Services;

namespace Talguard.Tests.Model;

/// <summary>
/// Input bytes decoded as Go's YAML reader decodes them: a UTF-8 byte-order mark is consumed, UTF-16 with its
/// mark is read, so an encoding never changes what a scan finds.
/// </summary>
public sealed class InputEncodingTests : IDisposable
{
    /// <summary>A worker config carrying a CA private key (TG-CERT-001), and a privileged hostPID pod.</summary>
    private const string WorkerWithCaKey = "version: v1alpha1\nmachine:\n  type: worker\n  ca:\n    crt: Y3J0\n    key: a2V5\n";

    private const string PrivilegedPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: default}
        spec:
          hostPID: true
          containers:
            - name: c
              image: nginx
              securityContext: {privileged: true}

        """;

    private static readonly byte[] Utf8Mark = [0xEF, 0xBB, 0xBF];

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-encoding-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relative, params byte[][] parts)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. parts.SelectMany(p => p)]);
        return path;
    }

    /// <summary>What a scan of <paramref name="path"/> finds, without the file name (which differs between the variants).</summary>
    private static string[] Findings(string path) =>
        [.. ScanService.Run(new ScanRequest { Paths = [path] }).Report.Findings
            .Select(f => $"{f.RuleId} {Path.GetFileName(f.Location.File)}:{f.Location.Line}:{f.Location.Column} {f.Location.Path} {f.Message}")];

    [Fact]
    public void A_utf8_byte_order_mark_is_consumed_in_a_file()
    {
        var plain = Write("plain/worker.yaml", Encoding.UTF8.GetBytes(WorkerWithCaKey));
        var marked = Write("marked/worker.yaml", Utf8Mark, Encoding.UTF8.GetBytes(WorkerWithCaKey));

        var expected = Findings(plain);
        Assert.Contains(expected, f => f.StartsWith("TG-CERT-001 worker.yaml:6:", StringComparison.Ordinal));
        Assert.Equal(expected, Findings(marked));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_consumed_in_a_directory_scan()
    {
        Write("plain/worker.yaml", Encoding.UTF8.GetBytes(WorkerWithCaKey));
        Write("plain/pod.yaml", Encoding.UTF8.GetBytes(PrivilegedPod));
        Write("marked/worker.yaml", Utf8Mark, Encoding.UTF8.GetBytes(WorkerWithCaKey));
        Write("marked/pod.yaml", Utf8Mark, Encoding.UTF8.GetBytes(PrivilegedPod));

        var expected = Findings(Path.Combine(_directory, "plain"));
        Assert.Contains(expected, f => f.StartsWith("TG-CERT-001 ", StringComparison.Ordinal));
        Assert.Equal(expected, Findings(Path.Combine(_directory, "marked")));

        var pss = PodSecurityMessages(Path.Combine(_directory, "plain"));
        Assert.Contains(pss, m => m.Contains("hostPID=true", StringComparison.Ordinal));
        Assert.Equal(pss, PodSecurityMessages(Path.Combine(_directory, "marked")));
    }

    private static string[] PodSecurityMessages(string directory) =>
        [.. Support.Cli.Run("pss", directory, "--level", "baseline", "--format", "json").Stdout.Split('\n')
            .Where(l => l.Contains("\"message\"", StringComparison.Ordinal)).Select(l => l.Trim())];

    [Fact]
    public void A_byte_order_mark_left_in_decoded_text_is_consumed_too()
    {
        var file = InputLoader.Parse("t.yaml", null, "\uFEFF" + WorkerWithCaKey);
        Assert.Equal(DocumentClass.TalosMachineConfig, file.Documents[0].Class);
        Assert.Equal((6, 10), (file.Documents[0].At("machine", "ca", "key")!.Start.Line, file.Documents[0].At("machine", "ca", "key")!.Start.Column));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_with_its_byte_order_mark_reads_like_utf8(bool bigEndian)
    {
        var plain = Write("plain/worker.yaml", Encoding.UTF8.GetBytes(WorkerWithCaKey));
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var wide = Write("wide/worker.yaml", encoding.GetPreamble(), encoding.GetBytes(WorkerWithCaKey));

        Assert.Equal(Findings(plain), Findings(wide));
    }

    [Fact]
    public void Broken_utf16_is_an_input_error()
    {
        var path = Write("broken.yaml", [0xFF, 0xFE], Encoding.Unicode.GetBytes("a: b"), [0x00, 0xD8]);
        var error = Assert.Throws<InputException>(() => InputLoader.Load([path]));
        Assert.Equal("not UTF-16 text (it starts with a UTF-16 byte-order mark)", error.Message);
    }

    [Fact]
    public void Nul_bytes_without_a_utf16_mark_are_binary()
    {
        var path = Write("nul.yaml", Encoding.Unicode.GetBytes("a: b\n"));
        Assert.Equal("binary file (contains NUL bytes), not YAML", Assert.Throws<InputException>(() => InputLoader.Load([path])).Message);
    }

    /// <summary>Two documents: a v1.14-style split config whose second document is a privileged pod.</summary>
    private const string TwoDocuments = WorkerWithCaKey + "---\n" + PrivilegedPod;

    /// <summary>A bare patch (no version), as kept beside a generated config.</summary>
    private const string CaKeyPatch = "machine:\n  ca:\n    crt: Y3J0\n    key: a2V5\n";

    [Fact]
    public void A_utf8_byte_order_mark_is_consumed_in_a_multi_document_file_and_in_a_bare_patch()
    {
        foreach (var (name, text) in new[] { ("split.yaml", TwoDocuments), ("patch.yaml", CaKeyPatch) })
        {
            var plain = Write("plain/" + name, Encoding.UTF8.GetBytes(text));
            var marked = Write("marked/" + name, Utf8Mark, Encoding.UTF8.GetBytes(text));

            var expected = Findings(plain);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Findings(marked));
        }
    }

    [Fact]
    public void A_byte_order_mark_at_the_start_of_a_later_document_is_consumed_as_go_yaml_does()
    {
        // yaml.v3's scanner skips a mark at the start of any line (concatenated files keep theirs after "---").
        var plain = Write("plain/split.yaml", Encoding.UTF8.GetBytes(TwoDocuments));
        var marked = Write("marked/split.yaml", Encoding.UTF8.GetBytes(WorkerWithCaKey + "---\n"), Utf8Mark, Encoding.UTF8.GetBytes(PrivilegedPod));

        var documents = InputLoader.Load([marked]).Single().Documents;
        var hostPid = documents[1].At("spec", "hostPID")!.Start;
        Assert.Equal((DocumentClass.KubernetesObject, "Pod", 12, 12), (documents[1].Class, documents[1].Kind, hostPid.Line, hostPid.Column));

        // Offsets stay those of the text as written (pss --fix edits by them).
        var text = WorkerWithCaKey + "---\n\uFEFF" + PrivilegedPod;
        Assert.Equal(text.IndexOf("true", text.IndexOf("hostPID", StringComparison.Ordinal), StringComparison.Ordinal), hostPid.Offset);
        Assert.Equal(Findings(plain), Findings(marked));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_consumed_on_standard_input()
    {
        static string[] FromStandardInput(byte[] bytes) =>
            [.. ScanService.Run(new ScanRequest { Paths = ["-"], StandardInput = () => new MemoryStream(bytes) }).Report.Findings
                .Select(f => $"{f.RuleId} {f.Location.Line}:{f.Location.Column} {f.Location.Path} {f.Message}")];

        var expected = FromStandardInput(Encoding.UTF8.GetBytes(TwoDocuments));
        Assert.Contains(expected, f => f.StartsWith("TG-CERT-001 ", StringComparison.Ordinal));
        Assert.Equal(expected, FromStandardInput([.. Utf8Mark, .. Encoding.UTF8.GetBytes(TwoDocuments)]));
    }

    [Fact]
    public void A_patch_with_a_byte_order_mark_merges_like_one_without()
    {
        var config = Write("config.yaml", Encoding.UTF8.GetBytes("version: v1alpha1\nmachine:\n  type: worker\n"));
        var plain = Write("plain/patch.yaml", Encoding.UTF8.GetBytes(CaKeyPatch));
        var marked = Write("marked/patch.yaml", Utf8Mark, Encoding.UTF8.GetBytes(CaKeyPatch));

        static string[] Merged(string config, string patch) =>
            [.. ScanService.Run(new ScanRequest { Paths = [config, patch], Merge = true }).Report.Findings
                .Select(f => $"{f.RuleId} {Path.GetFileName(f.Location.File)}:{f.Location.Line}:{f.Location.Column} {f.Location.Path}")];

        var expected = Merged(config, plain);
        Assert.Contains(expected, f => f.StartsWith("TG-CERT-001 patch.yaml:4:", StringComparison.Ordinal));
        Assert.Equal(expected, Merged(config, marked));
    }
}
