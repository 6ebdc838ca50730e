using System.Security.Cryptography;
using Talguard.Formats;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.SecureBoot.SecureBootFixtures;

namespace Talguard.Tests.Hardening.SecureBoot;

public class AuthenticatedVariableTests
{
    [Theory]
    [InlineData("PK", "PK", "PK")]
    [InlineData("KEK", "PK", "KEK")]
    [InlineData("db", "KEK", "db")]
    public void Our_update_equals_sign_efi_sig_list_output_in_the_vectors(string variable, string signer, string esl)
    {
        using var certificate = VectorCertificate(signer);
        using var key = VectorKey(signer);
        EfiTime.TryParse(Timestamp, out var time);

        var update = AuthenticatedVariable.Sign(SecureBootVariable.Find(variable)!, append: false, time, VectorBytes($"esl/{esl}.esl"), certificate, key);

        Assert.Equal(VectorBytes($"auth/{variable}.auth"), update.ToBytes());
    }

    [Fact]
    public void Our_append_update_without_timestamp_equals_sign_efi_sig_list_a()
    {
        using var certificate = VectorCertificate("KEK");
        using var key = VectorKey("KEK");

        var update = AuthenticatedVariable.Sign(SecureBootVariable.Db, append: true, EfiTime.Zero, VectorBytes("esl/db.esl"), certificate, key);

        Assert.Equal(VectorBytes("auth/db-append.auth"), update.ToBytes());
    }

    [Theory]
    [InlineData("PK", "PK.tosign", 0x27u)]
    [InlineData("db", "db-append.tosign", 0x67u)]
    public void The_signing_payload_equals_sign_efi_sig_list_o(string variable, string file, uint attributes)
    {
        var vector = VectorBytes($"auth/{file}");
        var target = SecureBootVariable.Find(variable)!;
        var time = attributes == 0x27u ? EfiTime.Read(VectorBytes("auth/PK.auth")) : EfiTime.Zero;

        var payload = AuthenticatedVariable.SigningPayload(target.Name, target.Vendor, attributes, time, VectorBytes($"esl/{variable}.esl"));

        Assert.Equal(vector, payload);
    }

    [Fact]
    public void Parse_then_write_is_the_identity_for_every_auth_vector()
    {
        foreach (var name in new[] { "PK.auth", "KEK.auth", "db.auth", "db-append.auth", "PK-delete.auth", "PK.sbvarsign.auth" })
        {
            var bytes = VectorBytes($"auth/{name}");
            Assert.Equal(bytes, AuthenticatedVariable.Parse(name, bytes).ToBytes());
        }
    }

    [Fact]
    public void Sign_list_cli_output_equals_sign_efi_sig_list_byte_for_byte()
    {
        var tool = SharedData.RequireTool("sign-efi-sig-list", "efitools");
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        foreach (var (variable, signer, append) in new[] { ("db", "KEK", false), ("KEK", "PK", false), ("db", "KEK", true), ("dbx", "KEK", false) })
        {
            var key = Path.Combine(directory, signer + ".key");
            var cert = Path.Combine(directory, signer + ".crt");
            var esl = Path.Combine(directory, "db.esl");
            var ours = Path.Combine(directory, $"ours-{variable}-{append}.auth");
            var theirs = Path.Combine(directory, $"theirs-{variable}-{append}.auth");
            string[] appendFlag = append ? ["--append"] : [];

            var outcome = Support.Cli.Run(["secureboot", "sign-list", "--key", key, "--cert", cert, "--var", variable, "--timestamp", Timestamp, .. appendFlag, esl, ours]);
            var reference = Run(tool, [.. append ? new[] { "-a" } : [], "-t", Timestamp, "-k", key, "-c", cert, variable, esl, theirs]);

            Assert.Equal(0, outcome.ExitCode);
            Assert.Equal(0, reference.ExitCode);
            Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
        }
    }

    [Fact]
    public void Openssl_cms_verify_accepts_our_signature_and_rejects_a_changed_payload()
    {
        var openssl = SharedData.RequireTool("openssl", "openssl");
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        using var certificate = VectorCertificate("KEK");
        using var key = VectorKey("KEK");
        EfiTime.TryParse(Timestamp, out var time);
        var esl = VectorBytes("esl/db.esl");
        var update = AuthenticatedVariable.Sign(SecureBootVariable.Db, append: false, time, esl, certificate, key);
        var payload = AuthenticatedVariable.SigningPayload("db", EfiGuids.ImageSecurityDatabase, 0x27, time, esl);
        File.WriteAllBytes(Path.Combine(directory, "p7ci.der"), WrapInContentInfo(update.Signature));
        File.WriteAllBytes(Path.Combine(directory, "tosign.bin"), payload);
        payload[^1] ^= 1;
        File.WriteAllBytes(Path.Combine(directory, "changed.bin"), payload);
        string[] Verify(string content) => ["cms", "-verify", "-inform", "DER", "-in", Path.Combine(directory, "p7ci.der"), "-content", Path.Combine(directory, content), "-binary", "-nointern", "-certfile", Vector("keys/KEK.crt"), "-noverify", "-out", "/dev/null"];

        Assert.Equal(0, Run(openssl, Verify("tosign.bin")).ExitCode);
        Assert.NotEqual(0, Run(openssl, Verify("changed.bin")).ExitCode);
    }

    [Fact]
    public void Vectors_verify_and_name_their_variable()
    {
        var cases = new[] { ("PK.auth", "PK", 0x27u, false), ("KEK.auth", "KEK", 0x27u, false), ("db.auth", "db", 0x27u, false), ("db-append.auth", "db", 0x67u, false), ("PK-delete.auth", "PK", 0x27u, false), ("PK.sbvarsign.auth", "PK", 0x67u, true) };
        foreach (var (file, variable, attributes, signedAttributes) in cases)
        {
            var update = AuthenticatedVariable.Parse(file, VectorBytes($"auth/{file}"));

            var check = AuthenticatedVariableVerifier.Verify(file, update);

            Assert.True(check.Verified, file + ": " + check.Reason);
            Assert.Equal(variable, check.Variable!.Name);
            Assert.Equal(attributes, check.Attributes);
            Assert.Equal(signedAttributes, check.HasSignedAttributes);
            Assert.Equal(PayloadHashing.Single, check.Hashing);
        }
    }

    [Fact]
    public void A_tampered_update_fails_and_a_wrong_signer_is_named()
    {
        var bytes = VectorBytes("auth/db.auth");
        bytes[^10] ^= 0x01;
        using var pk = VectorCertificate("PK");

        var tampered = AuthenticatedVariableVerifier.Verify("db.auth", AuthenticatedVariable.Parse("db.auth", bytes));
        var wrongSigner = AuthenticatedVariableVerifier.Verify("db.auth", AuthenticatedVariable.Parse("db.auth", VectorBytes("auth/db.auth")), trusted: [pk]);

        Assert.False(tampered.Verified);
        Assert.False(wrongSigner.Verified);
        Assert.Equal("CN=Test KEK", wrongSigner.Signer!.Subject);
    }

    [Fact]
    public void A_double_hashed_signature_is_recognised()
    {
        using var certificate = VectorCertificate("KEK");
        using var key = VectorKey("KEK");
        var esl = VectorBytes("esl/db.esl");
        var payload = AuthenticatedVariable.SigningPayload("db", EfiGuids.ImageSecurityDatabase, 0x27, EfiTime.Zero, esl);
        var update = new AuthenticatedVariable(EfiTime.Zero, CmsSignedData.SignDetached(SHA256.HashData(payload), certificate, key), esl);

        var check = AuthenticatedVariableVerifier.Verify("db.auth", update);

        Assert.True(check.Verified);
        Assert.Equal(PayloadHashing.Double, check.Hashing);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(39)]
    public void Short_or_inconsistent_headers_are_input_errors(int length)
    {
        var bytes = VectorBytes("auth/PK.auth");

        Assert.Throws<InputException>(() => AuthenticatedVariable.Parse("PK.auth", bytes[..length]));
        BitConverter.TryWriteBytes(bytes.AsSpan(16), 5000u);
        Assert.Throws<InputException>(() => AuthenticatedVariable.Parse("PK.auth", bytes));
    }
}
