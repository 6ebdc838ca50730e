using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Talguard.Formats;
using Talguard.Tests.Support;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// The audit-log reader over damaged logs: flipped bytes, cuts, stray brackets and newlines, in JSON lines and
/// EventList documents, plain and gzip, with small buffers so damage meets every refill. Once a log is open the
/// reader never throws: every input must come out as events and problem records, line numbers never going back.
/// </summary>
public class AuditLogFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void The_audit_log_reader_survives_mutations()
    {
        var lines = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "examples", "audit-logs", "kube-apiserver.log"));
        var eventList = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[\n" + string.Join(",\n", lines.Split('\n').Where(l => l.EndsWith('}'))) + "\n]}\n";
        byte[][] seeds = [Encoding.UTF8.GetBytes(lines), Encoding.UTF8.GetBytes(eventList), Encoding.UTF8.GetBytes("[" + string.Join(",", lines.Split('\n').Where(l => l.EndsWith('}'))) + "]")];
        output.WriteLine(FuzzHarness.Run("audit-log", 1616, FuzzHarness.Iterations(300), random => Mutate(random, seeds), bytes =>
        {
            foreach (var chunk in new[] { 16, 333, 8192 })
            {
                using var reader = AuditLogReader.Open("-", () => new MemoryStream(bytes), chunk, maxRecordSize: 16384);
                var events = new List<JsonElement>();
                var line = 0L;
                while (reader.TryReadBatch(out var batch))
                {
                    using (batch)
                    {
                        foreach (var record in batch.Records)
                        {
                            Assert.True(record.Line >= line, "line numbers went back");
                            line = record.Line;
                            if (record.Problem is null)
                            {
                                events.Clear();
                                using var document = AuditLogEvents.Parse(batch.Text(record), events, out _);
                            }
                        }
                    }
                }
            }
        }, bytes => bytes).ToString());
    }

    private static byte[] Mutate(Random random, byte[][] seeds)
    {
        var data = new List<byte>(seeds[random.Next(seeds.Length)]);
        for (var edits = random.Next(1, 6); edits > 0 && data.Count > 0; edits--)
        {
            var at = random.Next(data.Count);
            switch (random.Next(5))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 2:
                    data.Insert(at, "{}[]\n\r\",:"u8[random.Next(9)]);
                    break;
                case 3:
                    data.RemoveRange(at, Math.Min(random.Next(1, 200), data.Count - at));
                    break;
                default:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(new string('x', random.Next(1, 20000))));
                    break;
            }
        }

        var bytes = data.ToArray();
        if (random.Next(4) != 0)
        {
            return bytes;
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        var gz = compressed.ToArray();
        if (gz.Length > 10 && random.Next(2) == 0)
        {
            gz[random.Next(10, gz.Length)] ^= 0x20;
        }

        return gz;
    }
}
