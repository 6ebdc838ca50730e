using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Talguard.Formats;
using Talguard.Model;
using Talguard.Tests.Hardening.SecureBoot;
using Talguard.Tests.Support;

namespace Talguard.Tests.Formats;

/// <summary>
/// The streaming audit-log reader: every shape a log comes in, each event with its line, and every broken line
/// reported with its number while the rest is still read. Each case runs with tiny buffers too, so that every
/// boundary (a line, an item, a CRLF, the gzip header) falls across a refill.
/// </summary>
public class AuditLogReaderTests
{
    private static readonly int[] ChunkSizes = [16, 64, 4096, AuditLogReader.DefaultChunkSize];

    private static string Event(string id, string extra = "") =>
        $$"""{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"{{id}}","stage":"ResponseComplete","verb":"get"{{extra}}}""";

    [Fact]
    public void JsonLinesGiveOneEventPerLineWithItsNumber()
    {
        var log = $"{Event("a")}\n{Event("b")}\n\n{Event("c")}\n";
        AssertEverywhere(log, ["1: a", "2: b", "4: c"]);
    }

    [Fact]
    public void CrlfByteOrderMarkAndBlankLinesAreNotProblems()
    {
        var log = "\uFEFF" + $"{Event("a")}\r\n   \r\n{Event("b")}\r\n";
        AssertEverywhere(log, ["1: a", "3: b"]);
    }

    [Fact]
    public void MalformedLinesAreReportedWithTheirNumberAndTheStreamGoesOn()
    {
        var log = $"{Event("a")}\n{{\"kind\":\"Event\",,}}\nnot json at all\n{Event("b")}\n{{\"kind\":\"Event\",\"auditID\":\"c\"";
        AssertEverywhere(log,
        [
            "1: a",
            "2: malformed JSON at column 17",
            "3: malformed JSON at column 2",
            "4: b",
            "5: truncated JSON (the text ends inside a value)",
        ]);
    }

    [Fact]
    public void SomethingThatIsNotAnAuditEventIsCountedNotEvaluated()
    {
        var log = $"{{\"kind\": 0}}\n42\n{{\"kind\":\"Pod\"}}\n{Event("a")}\n";
        AssertEverywhere(log, ["1: " + AuditLogEvents.NotAnEvent, "2: " + AuditLogEvents.NotAnEvent, "3: " + AuditLogEvents.NotAnEvent, "4: a"]);
    }

    [Fact]
    public void EventListsAndArraysOnALineGiveEachItemThatLinesNumber()
    {
        var log = $"{Event("a")}\n{{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{{}},\"items\":[{Event("b")},{Event("c")}]}}\n[{Event("d")},{Event("e")}]\n";
        AssertEverywhere(log, ["1: a", "2: b", "2: c", "3: d", "3: e"]);
    }

    [Fact]
    public void APrettyPrintedEventListStreamsItsItemsWithTheLineEachStartsOn()
    {
        var items = string.Join(",\n", Enumerable.Range(0, 5).Select(i => Pretty(Event("e" + i))));
        var log = $"{{\n  \"kind\": \"EventList\",\n  \"apiVersion\": \"audit.k8s.io/v1\",\n  \"metadata\": {{}},\n  \"items\": [\n{items}\n  ]\n}}\n";
        var lines = log.Split('\n');
        var expected = Enumerable.Range(0, 5).Select(i => $"{Array.FindIndex(lines, l => l.Contains($"\"e{i}\"", StringComparison.Ordinal)) - 3}: e{i}").ToArray();
        AssertEverywhere(log, expected);
    }

    [Fact]
    public void AnEventListWhoseItemsComeBeforeItsKindStillStreams()
    {
        var log = $"{{\"items\":[\n{Event("a")},\n{Event("b")}\n],\n\"kind\":\"EventList\"\n}}";
        AssertEverywhere(log, ["2: a", "3: b"]);
    }

    [Fact]
    public void APrettyPrintedArrayAndPrettyPrintedEventsOneAfterAnother()
    {
        AssertEverywhere($"[\n{Pretty(Event("a"))},\n{Pretty(Event("b"))}\n]\n", ["2: a", "10: b"]);
        AssertEverywhere($"{Pretty(Event("a"))}\n{Pretty(Event("b"))}\n", ["1: a", "9: b"]);
    }

    [Fact]
    public void ADocumentThatBreaksOffKeepsWhatCameBeforeAndSaysWhere()
    {
        var log = $"[\n{Event("a")},\n{Event("b")},\n{{\"kind\":\"Event\",\"audit";
        AssertEverywhere(log, ["2: a", "3: b", "4: truncated JSON (the text ends inside a value)"]);
    }

    [Fact]
    public void AJsonLinesLogWhoseFirstLineWasCutShortIsReadFromItsSecondLine()
    {
        var log = $"{{\"kind\":\"Event\",\"auditID\":\"x\",\"user\":{{\"username\":\"al\n{Event("a")}\n{Event("b")}\n";
        AssertEverywhere(log, ["1: malformed JSON at column 53", "2: a", "3: b"]);
    }

    [Fact]
    public void GzipIsRecognisedByItsMagicBytesWhateverTheName()
    {
        var log = $"{Event("a")}\n{Event("b")}\nbroken\n{Event("c")}\n";
        var compressed = Gzip(Encoding.UTF8.GetBytes(log));
        string[] expected = ["1: a", "2: b", "3: malformed JSON at column 1", "4: c"];
        foreach (var chunk in ChunkSizes)
        {
            Assert.Equal(expected, ReadAll(compressed, chunk));
            Assert.Equal(expected, ReadAll(compressed, chunk, pipe: true));
        }

        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "kube-apiserver.log");
        File.WriteAllBytes(file, compressed);
        Assert.Equal(expected, ReadPath(file, () => throw new InvalidOperationException("not standard input")));
    }

    [Fact]
    public void CorruptGzipIsReportedAfterTheEventsBeforeIt()
    {
        var log = string.Join('\n', Enumerable.Range(0, 2000).Select(i => Event("e" + i))) + "\n";
        var compressed = Gzip(Encoding.UTF8.GetBytes(log));
        compressed.AsSpan(compressed.Length / 2, 64).Fill(0x55);
        var result = ReadAll(compressed, 4096);
        Assert.Equal("corrupt gzip data: the rest of the file is not read", result[^1][(result[^1].IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        Assert.True(result.Count < 2001);
    }

    [Fact]
    public void StandardInputIsReadAsAPipe()
    {
        var log = Encoding.UTF8.GetBytes($"{Event("a")}\n{Event("b")}\n");
        Assert.Equal(["1: a", "2: b"], ReadPath("-", () => new TrickleStream(log, 7)));
    }

    [Fact]
    public void ALineLongerThanTheLimitIsSkippedAndCounted()
    {
        var padding = new string('x', 5000);
        var log = $"{Event("a")}\n{Event("big", $",\"pad\":\"{padding}\"")}\n{Event("b")}\n";
        foreach (var chunk in new[] { 16, 64, 1024 })
        {
            Assert.Equal(["1: a", "2: line longer than 2048 bytes: skipped", "3: b"], ReadAll(Encoding.UTF8.GetBytes(log), chunk, maxRecordSize: 2048));
        }
    }

    [Fact]
    public void AFileThatCannotBeOpenedIsOneInputError()
    {
        var missing = Assert.Throws<InputException>(() => AuditLogReader.Open("/nonexistent/audit.log", () => Stream.Null));
        Assert.Equal("/nonexistent/audit.log: no such file or directory", missing.OneLine);
        using var directory = new TemporaryDirectory();
        Assert.Equal("is a directory", Assert.Throws<InputException>(() => AuditLogReader.Open(directory.Path, () => Stream.Null)).Message);
    }

    [Fact]
    public void ThousandsOfMixedRecordsComeOutTheSameWhateverTheBufferSize()
    {
        var random = new Random(16);
        var log = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            log.Append(random.Next(20) switch
            {
                0 => "{\"kind\":\"Event\",\"broken\n",
                1 => $"[{Event("l" + i)},{Event("m" + i)}]\r\n",
                2 => "\n",
                _ => Event("e" + i, $",\"pad\":\"{new string('p', random.Next(0, 300))}\"") + "\n",
            });
        }

        var bytes = Encoding.UTF8.GetBytes(log.ToString());
        var reference = ReadAll(bytes, AuditLogReader.DefaultChunkSize);
        Assert.True(reference.Count > 3000);
        foreach (var chunk in new[] { 16, 100, 1000, 65536 })
        {
            Assert.Equal(reference, ReadAll(bytes, chunk));
            Assert.Equal(reference, ReadAll(bytes, chunk, pipe: true));
        }
    }

    [Fact]
    public void TheFalcoSampleThatIsNotAnEventIsRejectedWithoutACrash()
    {
        var sample = SharedData.Require("falco/samples/fal_01_003.json");
        Assert.Equal(["1: " + AuditLogEvents.NotAnEvent], ReadPath(sample, () => Stream.Null));
    }

    [Fact]
    public void EverySampleOfTheFalcoSuiteIsReadAsEvents()
    {
        var samples = SharedData.Require("falco/samples");
        foreach (var file in Directory.GetFiles(samples, "*.json").Where(f => !f.EndsWith("fal_01_003.json", StringComparison.Ordinal)))
        {
            var result = ReadPath(file, () => Stream.Null);
            Assert.NotEmpty(result);
            Assert.All(result, r => Assert.DoesNotContain("JSON", r, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void JqAgreesOnEveryEventOfTheSamplesAsLinesAndAsOneEventList()
    {
        var jq = SharedData.RequireTool("jq", "jq");
        var samples = Directory.GetFiles(SharedData.Require("falco/samples"), "*.json")
            .Where(f => !f.EndsWith("fal_01_003.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        using var directory = new TemporaryDirectory();
        var lines = Path.Combine(directory.Path, "lines.log");
        File.WriteAllText(lines, string.Concat(samples.Select(f => File.ReadAllText(f).TrimEnd('\n') + "\n")));
        var eventList = Path.Combine(directory.Path, "eventlist.json");
        File.WriteAllText(eventList, RunJq(jq, "-s", "{kind: \"EventList\", apiVersion: \"audit.k8s.io/v1\", metadata: {}, items: .}", lines));

        var expected = RunJq(jq, "-r", ".auditID", lines).TrimEnd('\n').Split('\n');
        Assert.True(expected.Length > 40);
        Assert.Equal(expected, ReadPath(lines, () => Stream.Null).Select(r => r[(r.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
        Assert.Equal(expected, ReadPath(eventList, () => Stream.Null).Select(r => r[(r.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
    }

    private static string RunJq(string jq, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(jq) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "jq still running after 60 s");
        Assert.Equal(0, process.ExitCode);
        return output.GetAwaiter().GetResult();
    }

    private static void AssertEverywhere(string log, string[] expected)
    {
        var bytes = Encoding.UTF8.GetBytes(log);
        foreach (var chunk in ChunkSizes)
        {
            Assert.Equal(expected, ReadAll(bytes, chunk));
            Assert.Equal(expected, ReadAll(bytes, chunk, pipe: true));
            Assert.Equal(expected, ReadAll(Gzip(bytes), chunk));
        }
    }

    private static List<string> ReadAll(byte[] bytes, int chunkSize, bool pipe = false, int maxRecordSize = AuditLogReader.MaxRecordSize)
    {
        using var reader = AuditLogReader.Open("-", () => pipe ? new TrickleStream(bytes, 13) : new MemoryStream(bytes), chunkSize, maxRecordSize);
        return Collect(reader);
    }

    private static List<string> ReadPath(string path, Func<Stream> standardInput)
    {
        using var reader = AuditLogReader.Open(path, standardInput);
        return Collect(reader);
    }

    /// <summary>Each event as "line: auditID", each problem as "line: problem", in order.</summary>
    private static List<string> Collect(AuditLogReader reader)
    {
        var result = new List<string>();
        var events = new List<JsonElement>();
        while (reader.TryReadBatch(out var batch))
        {
            using (batch)
            {
                foreach (var record in batch.Records)
                {
                    if (record.Problem is { } problem)
                    {
                        result.Add($"{record.Line}: {problem}");
                        continue;
                    }

                    events.Clear();
                    using var document = AuditLogEvents.Parse(batch.Text(record), events, out var parseProblem);
                    result.AddRange(events.Select(e => $"{record.Line}: {e.GetProperty("auditID").GetString()}"));
                    if (parseProblem is not null)
                    {
                        result.Add($"{record.Line}: {parseProblem}");
                    }
                }
            }
        }

        return result;
    }

    private static string Pretty(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>A pipe: no length, and at most <c>step</c> bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int step) : Stream
    {
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, step), data.Length - _offset);
            data.AsSpan(_offset, n).CopyTo(buffer.AsSpan(offset));
            _offset += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
