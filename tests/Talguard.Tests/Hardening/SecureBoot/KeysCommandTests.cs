using System.Security.Cryptography.X509Certificates;
using Talguard.Hardening.SecureBoot;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.SecureBoot.SecureBootFixtures;

namespace Talguard.Tests.Hardening.SecureBoot;

public class KeysCommandTests
{
    private static readonly string[] ExpectedFiles =
    [
        "KEK.auth", "KEK.cer", "KEK.crt", "KEK.esl", "KEK.key", "PK.auth", "PK.cer", "PK.crt", "PK.esl", "PK.key",
        "db.auth", "db.cer", "db.crt", "db.esl", "db.key", "pcr-signing-key.pem", "uki-signing-cert.der", "uki-signing-cert.pem", "uki-signing-key.pem",
    ];

    [Fact]
    public void Writes_the_whole_key_set_with_private_keys_0600()
    {
        var directory = Path.Combine(TempDirectory(), "keys");

        var outcome = Support.Cli.Run("secureboot", "keys", "--out", directory, "--common-name", "Acme");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(ExpectedFiles, Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var key in new[] { "PK.key", "KEK.key", "db.key", "uki-signing-key.pem", "pcr-signing-key.pem" })
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, key)));
            }
        }

        using var db = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "db.cer"));
        Assert.Equal("CN=Acme Signature Database Key", db.Subject);
        Assert.Equal(2048, CertificateFacts.KeySize(db));
        Assert.Equal(File.ReadAllBytes(Path.Combine(directory, "uki-signing-cert.der")), db.RawData);
        Assert.DoesNotContain("PRIVATE", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_overwrites_without_force()
    {
        var directory = TempDirectory();
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        var before = File.ReadAllBytes(Path.Combine(directory, "PK.key"));

        var refused = Support.Cli.Run("secureboot", "keys", "--out", directory);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(directory, "PK.key")));

        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory, "--force", "--key-type", "rsa4096").ExitCode);
        using var pk = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "PK.cer"));
        Assert.Equal(4096, CertificateFacts.KeySize(pk));
    }

    [Fact]
    public void The_generated_updates_form_a_chain_pk_signs_pk_and_kek_kek_signs_db()
    {
        var directory = TempDirectory();
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        using var pk = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "PK.cer"));
        using var kek = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "KEK.cer"));

        foreach (var (file, signer, variable) in new[] { ("PK.auth", pk, "PK"), ("KEK.auth", pk, "KEK"), ("db.auth", kek, "db") })
        {
            var update = AuthenticatedVariable.Parse(file, File.ReadAllBytes(Path.Combine(directory, file)));
            var check = AuthenticatedVariableVerifier.Verify(file, update, trusted: [signer]);
            Assert.True(check.Verified, file + ": " + check.Reason);
            Assert.Equal(variable, check.Variable!.Name);
            Assert.Equal(File.ReadAllBytes(Path.Combine(directory, Path.ChangeExtension(file, ".esl"))), update.Content);
        }

        var inspect = Support.Cli.Run("secureboot", "inspect", directory, "--cert", Path.Combine(directory, "PK.crt"), "--cert", Path.Combine(directory, "KEK.crt"), "--fail-on", "info");
        Assert.Equal(0, inspect.ExitCode);
    }

    [Fact]
    public void Efitools_and_openssl_accept_the_generated_keys()
    {
        var openssl = SharedData.RequireTool("openssl", "openssl");
        var sigListToCerts = SharedData.RequireTool("sig-list-to-certs", "efitools");
        var signEfiSigList = SharedData.RequireTool("sign-efi-sig-list", "efitools");
        var directory = TempDirectory();
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        string In(string name) => Path.Combine(directory, name);

        foreach (var name in new[] { "PK", "KEK", "db" })
        {
            Assert.Equal(0, Run(openssl, "x509", "-in", In(name + ".crt"), "-noout").ExitCode);
            Assert.Equal(0, Run(openssl, "x509", "-inform", "DER", "-in", In(name + ".cer"), "-noout").ExitCode);
            Assert.Equal(0, Run(openssl, "rsa", "-in", In(name + ".key"), "-check", "-noout").ExitCode);
            Assert.Equal(0, Run(sigListToCerts, In(name + ".esl"), In(name + "-out")).ExitCode);
            Assert.Equal(File.ReadAllBytes(In(name + ".cer")), File.ReadAllBytes(In(name + "-out-0.der")));
        }

        Assert.Equal(0, Run(openssl, "rsa", "-in", In("uki-signing-key.pem"), "-check", "-noout").ExitCode);
        Assert.Equal(0, Run(openssl, "rsa", "-in", In("pcr-signing-key.pem"), "-check", "-noout").ExitCode);

        // The generated .auth files carry the generation time; re-signing with that time must give the same bytes.
        var dbAuth = File.ReadAllBytes(In("db.auth"));
        var time = EfiTime.Read(dbAuth).ToString();
        Assert.Equal(0, Run(signEfiSigList, "-t", time, "-k", In("KEK.key"), "-c", In("KEK.crt"), "db", In("db.esl"), In("db-ref.auth")).ExitCode);
        Assert.Equal(File.ReadAllBytes(In("db-ref.auth")), dbAuth);
    }

    [Fact]
    public void Sbsign_signs_a_pe_with_the_uki_key_and_sbverify_accepts_it()
    {
        var sbsign = SharedData.RequireTool("sbsign", "sbsigntool");
        var sbverify = SharedData.RequireTool("sbverify", "sbsigntool");
        var directory = TempDirectory();
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        var signed = Path.Combine(directory, "uki.signed.efi");

        Assert.Equal(0, Run(sbsign, "--key", Path.Combine(directory, "uki-signing-key.pem"), "--cert", Path.Combine(directory, "uki-signing-cert.pem"), "--output", signed, Vector("pe/uki-min.efi")).ExitCode);
        Assert.Equal(0, Run(sbverify, "--cert", Path.Combine(directory, "db.crt"), signed).ExitCode);
    }
}
