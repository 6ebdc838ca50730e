using System.Globalization;
using System.Text;
using Talguard.Formats;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.SecureBoot.SecureBootFixtures;

namespace Talguard.Tests.Hardening.SecureBoot;

/// <summary>
/// Mutation fuzzing of every Secure Boot parser: bit flips, byte writes, size fields set to edge values,
/// truncation, extension and splicing of real vectors. The only exception allowed out is <see cref="InputException"/>.
/// CI runs <see cref="DefaultIterations"/> per parser; TALGUARD_FUZZ_ITERATIONS=1000000 gives the full run
/// (parsers get that count, the RSA-bound verifiers a tenth of it).
/// </summary>
public class SecureBootFuzzTests
{
    private const int DefaultIterations = 3000;
    private static readonly uint[] EdgeValues = [0, 1, 15, 16, 17, 27, 28, 29, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFF, 0x30, 0x82];

    private static readonly string[] AuthVectors = ["auth/PK.auth", "auth/PK.sbvarsign.auth", "auth/db-append.auth"];
    private static readonly string[] PeVectors = ["pe/min.signed.efi", "pe/uki-min.signed.efi"];

    /// <summary>Verifiers run RSA for every input; they get a tenth of the parser count (at least the CI count).</summary>
    private static int VerifierIterations => Math.Max(DefaultIterations, Iterations / 10);

    private static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable("TALGUARD_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultIterations;

    [Fact]
    public void Signature_list_parser_survives_mutations() =>
        Fuzz(["esl/PK.esl", "esl/multi.esl", "esl/talos-style-pem.esl"], 1, Iterations, data => EfiSignatureList.ParseAll("fuzz.esl", data));

    [Fact]
    public void Authenticated_variable_parser_survives_mutations() =>
        Fuzz(AuthVectors, 2, Iterations, data =>
        {
            var update = AuthenticatedVariable.Parse("fuzz.auth", data);
            CmsSignedData.Parse("fuzz.auth", update.Signature);
            EfiSignatureList.ParseAll("fuzz.auth", update.Content);
        });

    [Fact]
    public void Authenticated_variable_verifier_survives_mutations() =>
        Fuzz(AuthVectors, 3, VerifierIterations, data => AuthenticatedVariableVerifier.Verify("fuzz.auth", AuthenticatedVariable.Parse("fuzz.auth", data), SecureBootVariable.PK));

    [Fact]
    public void Pe_parser_survives_mutations() =>
        Fuzz(PeVectors, 4, Iterations, data =>
        {
            var image = PeImage.Parse("fuzz.efi", data);
            image.AuthenticodeDigest(System.Security.Cryptography.HashAlgorithmName.SHA256);
            foreach (var certificate in image.Certificates)
            {
                CmsSignedData.Parse("fuzz.efi", certificate.Data);
            }
        });

    [Fact]
    public void Authenticode_verifier_survives_mutations()
    {
        using var db = VectorCertificate("db");
        Fuzz(PeVectors, 5, VerifierIterations, data => AuthenticodeVerifier.Verify("fuzz.efi", PeImage.Parse("fuzz.efi", data), [db]));
    }

    [Fact]
    public void Pkcs7_parser_survives_mutations() =>
        Fuzz(["auth/PK.p7.der", "pe/min.p7.der"], 6, Iterations, data =>
        {
            var signedData = CmsSignedData.Parse("fuzz.p7", data);
            foreach (var signer in signedData.Signers)
            {
                CmsSignedData.FindSigner(signer, signedData.LoadCertificates());
            }
        });

    [Fact]
    public void Inspector_survives_mutations_of_every_format() =>
        Fuzz(["esl/db.esl", "auth/KEK.auth", "auth/PK.tosign", "pe/uki-min.signed.efi", "keys/db.der", "auth/PK.p7ci.der"], 7, VerifierIterations, data =>
            new SecureBootInspector(new InspectOptions { OptionRoms = true }).InspectFile("db.fuzz", data));

    [Fact]
    public void Security_state_reader_survives_mutations()
    {
        var seed = Encoding.UTF8.GetBytes("node: 10.0.0.1\nmetadata:\n    type: SecurityStates.talos.dev\nspec:\n    secureBoot: true\n    ukiSigningKeyFingerprint: AB:CD\n    bootedWithUKI: true\n    moduleSignatureEnforced: true\n");
        using var db = VectorCertificate("db");
        var expected = SecurityStateExpectations.From(db, db.PublicKey.ExportSubjectPublicKeyInfo());
        FuzzSeeds([seed], 8, Iterations, data =>
        {
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
            }
            catch (DecoderFallbackException)
            {
                return;
            }

            SecurityStateVerifier.VerifyText("fuzz.yaml", text, expected);
        });
    }

    private static void Fuzz(string[] vectors, int seed, int iterations, Action<byte[]> parse) =>
        FuzzSeeds([.. vectors.Select(VectorBytes)], seed, iterations, parse);

    private static void FuzzSeeds(byte[][] seeds, int seed, int iterations, Action<byte[]> parse)
    {
        var random = new Random(seed);
        for (var i = 0; i < iterations; i++)
        {
            var input = Mutate(random, seeds[random.Next(seeds.Length)], seeds[random.Next(seeds.Length)]);
            try
            {
                parse(input);
            }
            catch (InputException)
            {
                // The one allowed outcome for bad input.
            }
            catch (Exception ex)
            {
                var path = Path.Combine(Path.GetTempPath(), $"talguard-fuzz-{seed}-{i}.bin");
                File.WriteAllBytes(path, input);
                Assert.Fail($"iteration {i}: {ex.GetType().Name}: {ex.Message} (input saved to {path})\n{ex.StackTrace}");
            }
        }
    }

    private static byte[] Mutate(Random random, byte[] seed, byte[] other)
    {
        var data = (byte[])seed.Clone();
        var rounds = 1 + random.Next(4);
        for (var r = 0; r < rounds && data.Length > 0; r++)
        {
            switch (random.Next(7))
            {
                case 0:
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                    break;
                case 2 when data.Length >= 4:
                    var at = random.Next(data.Length - 3) & ~(random.Next(2) == 0 ? 3 : 0);
                    BitConverter.TryWriteBytes(data.AsSpan(at), EdgeValues[random.Next(EdgeValues.Length)]);
                    break;
                case 3:
                    data = data[..random.Next(data.Length)];
                    break;
                case 4:
                    var extra = new byte[random.Next(1, 64)];
                    random.NextBytes(extra);
                    data = [.. data, .. extra];
                    break;
                case 5:
                    var cut = random.Next(data.Length);
                    var from = random.Next(other.Length);
                    data = [.. data.AsSpan(0, cut), .. other.AsSpan(from, Math.Min(other.Length - from, random.Next(1, 256)))];
                    break;
                default:
                    var start = random.Next(data.Length);
                    var length = Math.Min(data.Length - start, random.Next(1, 32));
                    data = [.. data.AsSpan(0, start), .. data.AsSpan(start + length)];
                    break;
            }
        }

        return data;
    }
}
