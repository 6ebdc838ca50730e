using Talguard.Formats;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;
using Talguard.Tests.Support;
using static Talguard.Tests.Hardening.SecureBoot.SecureBootFixtures;

namespace Talguard.Tests.Hardening.SecureBoot;

public class SignatureListTests
{
    private static readonly Guid VectorOwner = new("11111111-2222-3333-4444-555555555555");

    [Theory]
    [InlineData("PK")]
    [InlineData("KEK")]
    [InlineData("db")]
    public void Our_list_equals_cert_to_efi_sig_list_output_in_the_vectors(string name)
    {
        var ours = EfiSignatureList.ForCertificate(VectorOwner, VectorBytes($"keys/{name}.der")).ToBytes();

        Assert.Equal(VectorBytes($"esl/{name}.esl"), ours);
    }

    [Fact]
    public void Concatenated_lists_parse_and_write_back_unchanged()
    {
        var multi = VectorBytes("esl/multi.esl");

        var lists = EfiSignatureList.ParseAll("multi.esl", multi);

        Assert.Equal(2, lists.Count);
        Assert.All(lists, l => Assert.Equal(EfiGuids.CertX509, l.Type));
        Assert.Equal(VectorOwner, lists[1].Entries[0].Owner);
        Assert.Equal(VectorBytes("keys/KEK.der"), lists[1].Entries[0].Data);
        Assert.Equal(multi, EfiSignatureList.WriteAll(lists));
    }

    [Fact]
    public void Our_list_equals_cert_to_efi_sig_list_for_a_fresh_certificate()
    {
        var tool = SharedData.RequireTool("cert-to-efi-sig-list", "efitools");
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        using var certificate = Certificate("CN=Interop");
        File.WriteAllText(Path.Combine(directory, "c.crt"), certificate.ExportCertificatePem());
        var owner = Guid.NewGuid();

        var run = Run(tool, "-g", owner.ToString(), Path.Combine(directory, "c.crt"), Path.Combine(directory, "c.esl"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(directory, "c.esl")), EfiSignatureList.ForCertificate(owner, certificate.RawData).ToBytes());
    }

    [Fact]
    public void Sig_list_to_certs_extracts_our_certificates()
    {
        var tool = SharedData.RequireTool("sig-list-to-certs", "efitools");
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        using var first = Certificate("CN=First");
        using var second = Certificate("CN=Second", keySize: 3072);
        var esl = EfiSignatureList.WriteAll([EfiSignatureList.ForCertificate(Guid.NewGuid(), first.RawData), EfiSignatureList.ForCertificate(Guid.NewGuid(), second.RawData)]);
        File.WriteAllBytes(Path.Combine(directory, "ours.esl"), esl);

        var run = Run(tool, Path.Combine(directory, "ours.esl"), Path.Combine(directory, "out"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(first.RawData, File.ReadAllBytes(Path.Combine(directory, "out-0.der")));
        Assert.Equal(second.RawData, File.ReadAllBytes(Path.Combine(directory, "out-1.der")));
    }

    [Fact]
    public void Efi_readvar_lists_our_list_read_as_a_variable_through_a_fake_efivarfs()
    {
        SharedData.RequireTool("efi-readvar", "efitools");
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        var bin = Directory.CreateDirectory(Path.Combine(directory, "bin")).FullName;
        var vars = Directory.CreateDirectory(Path.Combine(directory, "vars")).FullName;
        File.WriteAllText(Path.Combine(bin, "mount"), $"#!/bin/sh\necho 'efivarfs on {vars} type efivarfs (rw)'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bin, "mount"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var certificate = Certificate("CN=Readvar Subject");
        byte[] attributes = [0x27, 0, 0, 0];
        File.WriteAllBytes(Path.Combine(vars, "db-d719b2cb-3d3a-4596-a3bc-dad00e67656f"), [.. attributes, .. EfiSignatureList.ForCertificate(Guid.NewGuid(), certificate.RawData).ToBytes()]);

        var run = Run("/bin/sh", "-c", $"PATH={bin}:$PATH efi-readvar -v db");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Readvar Subject", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_size_past_the_end_is_an_input_error()
    {
        var truncated = VectorBytes("esl/PK.esl")[..500];

        var error = Assert.Throws<InputException>(() => EfiSignatureList.ParseAll("PK.esl", truncated));

        Assert.Contains("SignatureListSize 821 runs past the end", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20, 900u, "SignatureHeaderSize 900")]
    [InlineData(24, 100u, "SignatureSize 100")]
    [InlineData(16, 10u, "SignatureHeaderSize")]
    public void Wrong_header_sizes_are_input_errors(int offset, uint value, string expected)
    {
        var esl = VectorBytes("esl/PK.esl");
        BitConverter.TryWriteBytes(esl.AsSpan(offset), value);

        var error = Assert.Throws<InputException>(() => EfiSignatureList.ParseAll("PK.esl", esl));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_reports_a_truncated_list_on_one_line_with_exit_2()
    {
        using var temp = new TemporaryDirectory();
        var directory = temp.Path;
        var path = Path.Combine(directory, "db.esl");
        File.WriteAllBytes(path, VectorBytes("esl/db.esl")[..100]);

        var outcome = Support.Cli.Run("secureboot", "inspect", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stdout);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"talguard: {path}: signature list at offset 0", outcome.Stderr, StringComparison.Ordinal);
    }
}
