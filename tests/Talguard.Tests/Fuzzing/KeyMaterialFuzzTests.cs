using System.Text;
using Talguard.Hardening.SecureBoot;
using Talguard.Tests.Support;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the certificate and key files <c>secureboot</c> reads (PEM and DER): each mutated file goes
/// through every loader, which must return or refuse it with an input error.
/// </summary>
public sealed class KeyMaterialFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Vectors = ["PK.crt", "PK.der", "PK.key", "db.crt", "db.der", "db.key", "KEK.key"];

    [Fact]
    public void Certificate_and_key_loaders_survive_mutations()
    {
        var seeds = Vectors.Select(v => File.ReadAllBytes(SharedData.Require("vectors/secureboot/keys/" + v))).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"talguard-fuzz-key-{Environment.ProcessId}.pem");
        try
        {
            output.WriteLine(FuzzHarness.Run("key-material", 201, FuzzHarness.Iterations(800), random => Mutate(random, seeds), bytes =>
            {
                File.WriteAllBytes(path, bytes);
                Refusable(() => KeyMaterial.LoadCertificate(path).Dispose());
                Refusable(() => KeyMaterial.LoadRsaPrivateKey(path).Dispose());
                KeyMaterial.LoadPublicKeyInfo(path);
            }, bytes => bytes).ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs one loader of several on the same input: its input error must not hide what the next one does.</summary>
    private static void Refusable(Action load)
    {
        try
        {
            load();
        }
        catch (Talguard.Model.InputException)
        {
            // Refused cleanly; the harness sees any other exception.
        }
    }

    /// <summary>Byte damage for DER; for PEM also damage inside the base64 body, to reach the ASN.1 decoders.</summary>
    private static byte[] Mutate(Random random, byte[][] seeds)
    {
        var data = (byte[])seeds[random.Next(seeds.Length)].Clone();
        if (KeyMaterial.IsPem(data) && random.Next(2) == 0)
        {
            var text = Encoding.ASCII.GetString(data);
            var begin = text.IndexOf('\n', StringComparison.Ordinal) + 1;
            var finish = text.IndexOf("-----END", StringComparison.Ordinal);
            var body = Convert.FromBase64String(text[begin..finish]);
            body[random.Next(body.Length)] ^= (byte)(1 << random.Next(8));
            if (random.Next(3) == 0)
            {
                body = body[..random.Next(body.Length)];
            }

            return Encoding.ASCII.GetBytes(text[..begin] + Convert.ToBase64String(body) + "\n" + text[finish..]);
        }

        for (var rounds = random.Next(1, 4); rounds > 0 && data.Length > 0; rounds--)
        {
            switch (random.Next(5))
            {
                case 0:
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data = data[..random.Next(data.Length)];
                    break;
                case 2:
                    data = [.. data, .. seeds[random.Next(seeds.Length)]];
                    break;
                case 3:
                    data = [.. "\xEF\xBB\xBF"u8, .. data];
                    break;
                default:
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                    break;
            }
        }

        return data;
    }
}
