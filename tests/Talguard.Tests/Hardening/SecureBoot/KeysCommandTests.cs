using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Talguard.Formats;
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
        using var temp = new TemporaryDirectory();
        var directory = Path.Combine(temp.Path, "keys");

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
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
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
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
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
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
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
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        var signed = Path.Combine(directory, "uki.signed.efi");

        Assert.Equal(0, Run(sbsign, "--key", Path.Combine(directory, "uki-signing-key.pem"), "--cert", Path.Combine(directory, "uki-signing-cert.pem"), "--output", signed, Vector("pe/uki-min.efi")).ExitCode);
        Assert.Equal(0, Run(sbverify, "--cert", Path.Combine(directory, "db.crt"), signed).ExitCode);
    }

    [Fact]
    public void A_failed_write_leaves_the_directory_as_it_was_and_a_rerun_succeeds()
    {
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        var obstacle = Directory.CreateDirectory(Path.Combine(directory, "db.auth")).FullName;
        File.WriteAllText(Path.Combine(obstacle, "inside"), "x");

        var failed = Support.Cli.Run("secureboot", "keys", "--out", directory);

        Assert.Equal(2, failed.ExitCode);
        Assert.StartsWith($"talguard: --out {directory}: cannot write: ", failed.Stderr, StringComparison.Ordinal);
        Assert.Single(failed.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(["db.auth"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));

        Directory.Delete(obstacle, recursive: true);
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        Assert.Equal(ExpectedFiles, Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void A_failed_force_run_restores_the_previous_key_set()
    {
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        var before = ExpectedFiles.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(directory, f)));
        File.SetUnixFileMode(Path.Combine(directory, "PK.crt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        File.Delete(Path.Combine(directory, "pcr-signing-key.pem"));
        Directory.CreateDirectory(Path.Combine(directory, "pcr-signing-key.pem", "blocker"));

        Assert.Equal(2, Support.Cli.Run("secureboot", "keys", "--out", directory, "--force").ExitCode);

        foreach (var (name, content) in before.Where(f => f.Key != "pcr-signing-key.pem"))
        {
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(directory, name)));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(directory, "PK.crt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "PK.key")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(directory), e => Path.GetFileName(e).StartsWith(".talguard-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_run_into_a_new_directory_removes_it()
    {
        using var temp = new TemporaryDirectory();
        var blocked = Path.Combine(temp.Path, "new", "keys");
        File.WriteAllText(Path.Combine(temp.Path, "new"), "a file where the parent directory must go");

        Assert.Equal(2, Support.Cli.Run("secureboot", "keys", "--out", blocked).ExitCode);
        Assert.Equal(["new"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("3000000")]
    [InlineData("2147483647")]
    public void Validity_past_the_last_x509_date_is_exit_2(string days)
    {
        using var temp = new TemporaryDirectory();

        var outcome = Support.Cli.Run("secureboot", "keys", "--out", temp.Path, "--validity-days", days);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"talguard: --validity-days: {days} days from today is past 9999-12-31, the last date an X.509 certificate can carry\n", outcome.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Sign_list_refuses_a_key_that_does_not_match_the_certificate()
    {
        var openssl = SharedData.RequireTool("openssl", "openssl");
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", directory).ExitCode);
        var otherKey = Path.Combine(directory, "other.key");
        Assert.Equal(0, Run(openssl, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", otherKey).ExitCode);
        var output = Path.Combine(directory, "db-update.auth");

        var outcome = Support.Cli.Run("secureboot", "sign-list", "--key", otherKey, "--cert", Path.Combine(directory, "KEK.crt"), "--var", "db", Path.Combine(directory, "db.esl"), output);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"talguard: {otherKey}: this private key does not match the certificate {Path.Combine(directory, "KEK.crt")}\n", outcome.Stderr);
        Assert.Equal(string.Empty, outcome.Stdout);
        Assert.False(File.Exists(output));
        Assert.NotEqual(Run(openssl, "pkey", "-in", otherKey, "-pubout").Stdout, Run(openssl, "x509", "-in", Path.Combine(directory, "KEK.crt"), "-noout", "-pubkey").Stdout);

        var matching = Support.Cli.Run("secureboot", "sign-list", "--key", Path.Combine(directory, "KEK.key"), "--cert", Path.Combine(directory, "KEK.crt"), "--var", "db", Path.Combine(directory, "db.esl"), output);
        Assert.Equal(0, matching.ExitCode);
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("-1")]
    public void Inspect_expiry_warning_out_of_range_is_exit_2(string days)
    {
        using var temp = new TemporaryDirectory();
        Assert.Equal(0, Support.Cli.Run("secureboot", "keys", "--out", temp.Path).ExitCode);

        var outcome = Support.Cli.Run("secureboot", "inspect", "--expiry-warning", days, Path.Combine(temp.Path, "db.crt"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"talguard: --expiry-warning: {days} days is outside 0 to 36500\n", outcome.Stderr);
    }
}
