using System.Security.Cryptography;
using Talguard.Formats;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.SecureBoot.SecureBootFixtures;

namespace Talguard.Tests.Hardening.SecureBoot;

public class AuthenticodeTests
{
    [Theory]
    [InlineData("pe/min.signed.efi", "ED084EA234C9A610126B151EE2EB2BB3BB48FD36E09429E45A7D047E22EC151C")]
    [InlineData("pe/uki-min.signed.efi", "8CB6CED250D2C07A8550AF3870AC4E6C20E86F7D3C493AB14E932FEAB4659FFC")]
    public void The_digest_matches_sbverify_and_osslsigncode(string file, string digest)
    {
        var image = PeImage.Parse(file, VectorBytes(file));

        Assert.Equal(digest, Convert.ToHexString(image.AuthenticodeDigest(HashAlgorithmName.SHA256)));
    }

    [Fact]
    public void A_signed_vector_verifies_against_db_and_not_against_pk()
    {
        var image = PeImage.Parse("min.signed.efi", VectorBytes("pe/min.signed.efi"));
        using var db = VectorCertificate("db");
        using var pk = VectorCertificate("PK");

        var good = Assert.Single(AuthenticodeVerifier.Verify("min.signed.efi", image, [db]));
        var untrusted = Assert.Single(AuthenticodeVerifier.Verify("min.signed.efi", image, [pk]));

        Assert.True(good.Verified, good.Reason);
        Assert.False(untrusted.Verified);
        Assert.True(untrusted.DigestMatches);
    }

    [Fact]
    public void The_tampered_vector_fails_the_hash_check()
    {
        var image = PeImage.Parse("tampered.efi", VectorBytes("pe/tampered.efi"));
        using var db = VectorCertificate("db");

        var result = Assert.Single(AuthenticodeVerifier.Verify("tampered.efi", image, [db]));

        Assert.False(result.Verified);
        Assert.False(result.DigestMatches);
    }

    [Fact]
    public void The_uki_vector_lists_its_sections()
    {
        var image = PeImage.Parse("uki-min.efi", VectorBytes("pe/uki-min.efi"));

        Assert.True(image.IsUnifiedKernelImage);
        Assert.False(image.IsSigned);
        Assert.Equal([".text", ".osrel", ".cmdline", ".uname", ".initrd", ".linux"], image.Sections.Select(s => s.Name));
    }

    [Theory]
    [InlineData("/usr/lib/efitools/x86_64-linux-gnu/HelloWorld.efi")]
    [InlineData("/usr/lib/systemd/boot/efi/linuxx64.efi.stub")]
    [InlineData("uki-min.efi")]
    public void Sbsign_signed_images_verify_and_tampered_ones_fail(string unsigned)
    {
        var sbsign = SharedData.RequireTool("sbsign", "sbsigntool");
        var source = Path.IsPathRooted(unsigned) ? unsigned : Vector("pe/" + unsigned);
        if (!File.Exists(source))
        {
            SharedData.RequireTool(Path.GetFileName(source), unsigned.Contains("systemd", StringComparison.Ordinal) ? "systemd-boot-efi" : "efitools");
        }

        using var temp = new TemporaryDirectory();

        var directory = temp.Path;
        var signed = Path.Combine(directory, "signed.efi");
        Assert.Equal(0, Run(sbsign, "--key", Vector("keys/db.key"), "--cert", Vector("keys/db.crt"), "--output", signed, source).ExitCode);
        using var db = VectorCertificate("db");

        var bytes = File.ReadAllBytes(signed);
        var result = Assert.Single(AuthenticodeVerifier.Verify(signed, PeImage.Parse(signed, bytes), [db]));
        Assert.True(result.Verified, result.Reason);

        var image = PeImage.Parse(signed, bytes);
        var section = image.Sections.First(s => s.RawSize > 0);
        bytes[section.RawOffset + (section.RawSize / 2)] ^= 0xFF;
        var tampered = Assert.Single(AuthenticodeVerifier.Verify(signed, PeImage.Parse(signed, bytes), [db]));
        Assert.False(tampered.Verified);
    }

    [Fact]
    public void Sbverify_and_our_verifier_agree_on_the_vectors()
    {
        var sbverify = SharedData.RequireTool("sbverify", "sbsigntool");
        using var db = VectorCertificate("db");
        foreach (var file in new[] { "pe/min.signed.efi", "pe/uki-min.signed.efi", "pe/tampered.efi", "pe/min.efi" })
        {
            var theirs = Run(sbverify, "--cert", Vector("keys/db.crt"), Vector(file)).ExitCode == 0;
            var image = PeImage.Parse(file, VectorBytes(file));
            var ours = image.IsSigned && AuthenticodeVerifier.Verify(file, image, [db]).All(s => s.Verified);
            Assert.Equal(theirs, ours);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x00 })]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03 })]
    public void Garbage_is_an_input_error(byte[] garbage)
    {
        Assert.Throws<InputException>(() => PeImage.Parse("garbage.efi", garbage));
    }

    [Fact]
    public void The_cli_reports_garbage_on_one_line_with_exit_2()
    {
        using var temp = new TemporaryDirectory();
        var path = Path.Combine(temp.Path, "garbage.efi");
        var bytes = VectorBytes("pe/min.efi");
        bytes[0x3C] = 0xF0;
        File.WriteAllBytes(path, bytes);

        var outcome = Support.Cli.Run("secureboot", "inspect", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"talguard: {path}: not a PE image: no PE signature at offset 240\n", outcome.Stderr.ReplaceLineEndings("\n"));
    }
}
