using Talguard.Services;
using Talguard.Tests.Evidence;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of evidence bundles: each resource file of a bundle, damaged (bits flipped, bytes cut, ranges
/// repeated or dropped), goes through <c>verify</c>, which must judge it or refuse it with an input error. A mutation
/// that still loads reaches every TG-LIVE rule, so no shape the loader lets through may crash a rule.
/// </summary>
public sealed class EvidenceBundleFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Files =
        ["talos/securitystate.json", "talos/volumestatus.json", "talos/nftableschain.json", "talos/extensions.json", "talos/kernelparamstatus.json", "manifest.json"];

    /// <summary>Bytes that change JSON structure rather than a value.</summary>
    private const string JsonBytes = "{}[]\",:0-ntf \n\\";

    [Fact]
    public void Verify_survives_damaged_evidence()
    {
        using var copy = TestBundles.Copy("v1.12-mixed");
        var originals = Files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(copy.Path, f)));
        output.WriteLine(FuzzHarness.Run("evidence-bundle", 1401, FuzzHarness.Iterations(600), random => Mutate(random, originals), input =>
        {
            foreach (var (file, bytes) in originals)
            {
                File.WriteAllBytes(Path.Combine(copy.Path, file), file == input.File ? input.Bytes : bytes);
            }

            VerifyService.Verify(new VerifyRequest(copy.Path) { ExpectedExtensions = ["iscsi-tools"] });
        }, input => input.Bytes).ToString());
    }

    private static Damaged Mutate(Random random, Dictionary<string, byte[]> originals)
    {
        var file = Files[random.Next(Files.Length)];
        var data = new List<byte>(originals[file]);
        for (var edits = random.Next(1, 4); edits > 0 && data.Count > 0; edits--)
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
                    data.RemoveRange(at, Math.Min(random.Next(1, 64), data.Count - at));
                    break;
                case 3:
                    data.InsertRange(at, data.GetRange(at, Math.Min(random.Next(1, 256), data.Count - at)));
                    break;
                default:
                    data[at] = (byte)JsonBytes[random.Next(JsonBytes.Length)];
                    break;
            }
        }

        return new Damaged(file, [.. data]);
    }

    private sealed record Damaged(string File, byte[] Bytes);
}
