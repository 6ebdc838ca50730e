using System.CommandLine;
using System.Globalization;
using Talguard.Artifacts;
using Talguard.Hardening.SecureBoot;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard secureboot keys|sign-list|inspect|verify</c>: custom Secure Boot keys and their checks.</summary>
public static class SecureBootCommand
{
    private static readonly string[] Variables = ["PK", "KEK", "db", "dbx"];

    public static Command Create() => new("secureboot", "Secure Boot keys (PK/KEK/db), signed variable updates, UKI signatures and node state")
    {
        CreateKeys(),
        CreateSignList(),
        CreateInspect(),
        CreateVerify(),
    };

    private static Command CreateKeys()
    {
        var output = new Option<string>("--out") { Description = "Directory to write the key set to (created if missing)", Required = true, HelpName = "DIR" };
        var keyType = new Option<string>("--key-type") { Description = "RSA key size of PK, KEK and db: rsa2048 (widest firmware support) or rsa4096", DefaultValueFactory = _ => "rsa2048" };
        keyType.AcceptOnlyFromAmong("rsa2048", "rsa4096");
        var commonName = new Option<string>("--common-name") { Description = "Common name prefix of the certificates", DefaultValueFactory = _ => "Talguard", HelpName = "NAME" };
        var owner = new Option<string?>("--owner-guid") { Description = "Signature owner GUID written in the signature lists (default: a new random GUID)", HelpName = "GUID" };
        var validity = new Option<int>("--validity-days") { Description = "Certificate validity in days (at most until 9999-12-31, the last date X.509 can express)", DefaultValueFactory = _ => 3650 };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist" };
        var command = new Command("keys", "Generate PK, KEK and db keys, certificates, .esl and .auth files, plus the Talos imager layout") { output, keyType, commonName, owner, validity, force };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(output)!;
            var ownerGuid = ParseGuid(parse.GetValue(owner)) ?? Guid.NewGuid();
            var now = DateTime.UtcNow;
            var days = CheckValidityDays(parse.GetValue(validity), now);
            var options = new SecureBootKeyOptions(parse.GetValue(keyType) == "rsa4096" ? 4096 : 2048, parse.GetValue(commonName)!, ownerGuid, now, days);
            SecureBootKeysResult generated;
            try
            {
                generated = SecureBootService.GenerateKeys(new SecureBootKeysRequest(directory, options) { Force = parse.GetValue(force) });
            }
            catch (ArtifactException ex)
            {
                throw new UsageException("--out " + ex.OneLine, ex);
            }

            if (generated.Written.Count == 0)
            {
                throw new UsageException($"{generated.Existing[0]} already exists ({generated.Existing.Count} files would be overwritten); use --force to replace the key set");
            }

            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"wrote {generated.Written.Count} files to {directory} (RSA-{options.RsaKeySize}, owner GUID {ownerGuid}):");
            foreach (var file in generated.Written)
            {
                stdout.WriteLine(file.Private ? $"  {file.Name}  (private key, mode 0600)" : $"  {file.Name}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSignList()
    {
        var key = new Option<string>("--key") { Description = "Signer's RSA private key (PEM)", Required = true, HelpName = "KEY" };
        var cert = new Option<string>("--cert") { Description = "Signer's certificate (PEM or DER)", Required = true, HelpName = "CERT" };
        var variable = new Option<string>("--var") { Description = "Variable the update is for: PK|KEK|db|dbx", Required = true };
        variable.AcceptOnlyFromAmong(Variables);
        var append = new Option<bool>("--append") { Description = "Append to the variable instead of replacing it (APPEND_WRITE, like sign-efi-sig-list -a)" };
        var timestamp = new Option<string?>("--timestamp") { Description = "EFI_TIME as 'YYYY-MM-DD HH:MM:SS', copied as given (default: now in UTC; all zeros with --append)", HelpName = "T" };
        var esl = new Argument<string>("ESL") { Description = "Signature list to sign (.esl; an empty file deletes the variable)" };
        var output = new Argument<string>("OUT") { Description = "Signed update to write (.auth)" };
        var command = new Command("sign-list", "Sign a signature list as an authenticated variable update (.auth), byte-identical to sign-efi-sig-list -t") { key, cert, variable, append, timestamp, esl, output };
        command.SetAction(parse =>
        {
            var eslPath = parse.GetValue(esl)!;
            var request = new SignListRequest(parse.GetValue(key)!, parse.GetValue(cert)!, parse.GetValue(variable)!, eslPath, parse.GetValue(output)!)
            {
                Append = parse.GetValue(append),
                Timestamp = ParseTimestamp(parse.GetValue(timestamp)),
            };
            OutputTarget.EnsureNotAnInput(request.Output, "OUT", [eslPath, request.Key, request.Certificate]);
            var signed = SecureBootService.SignList(request);
            parse.InvocationConfiguration.Output.WriteLine($"signed {signed.Variable} update written to {signed.Output} (timestamp {signed.Timestamp}, signer {signed.Signer})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateInspect()
    {
        var files = new Argument<string[]>("FILE") { Description = "ESL, .auth, efivarfs dump, PE/UKI, certificate or private key files (a directory: its files)", Arity = ArgumentArity.OneOrMore };
        var certs = new Option<string[]>("--cert") { Description = "Certificate PE signatures and .auth signers must chain to (repeatable)", HelpName = "CERT", AllowMultipleArgumentsPerToken = true };
        var variable = new Option<string?>("--var") { Description = "Treat every input as this variable: PK|KEK|db|dbx (default: from the file name)" };
        variable.AcceptOnlyFromAmong(Variables);
        var hardware = new Option<string>("--hardware") { Description = "option-roms: the machines have GPU/NIC/RAID option ROMs signed by the Microsoft UEFI CA; none: they do not", DefaultValueFactory = _ => "none" };
        hardware.AcceptOnlyFromAmong("option-roms", "none");
        var expiryDays = new Option<int>("--expiry-warning") { Description = $"Days before expiry that TG-BOOT-102 warns, 0 to {ScanCommand.MaxExpiryWarningDays}", DefaultValueFactory = _ => 90, HelpName = "DAYS" };
        var report = new ReportOptions();
        var command = new Command("inspect", "List signature lists, entries and signatures; verify .auth and Authenticode signatures; report TG-BOOT-1xx findings") { files, certs, variable, hardware, expiryDays };
        report.AddTo(command);
        command.SetAction(parse =>
        {
            var inspected = SecureBootService.Inspect(new SecureBootInspectRequest
            {
                Paths = parse.GetValue(files)!,
                TrustedCertificates = parse.GetValue(certs) ?? [],
                Variable = parse.GetValue(variable),
                OptionRoms = parse.GetValue(hardware) == "option-roms",
                ExpiryWarningDays = ScanCommand.CheckExpiryWarning(parse.GetValue(expiryDays)),
                FailOn = report.FailOnThreshold(parse),
            });
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(report.Format) == "table" && string.IsNullOrEmpty(parse.GetValue(report.Output)))
            {
                InventoryText.Write(inspected.Inventory, stdout);
            }

            report.Write(parse, inspected.Report, stdout, [.. parse.GetValue(files)!, .. parse.GetValue(certs) ?? []], json => InventoryJson.Write(json, inspected.Inventory));
            return ExitCodes.For(inspected.Outcome);
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var state = new Option<string>("--securitystate") { Description = "Output of talosctl get securitystate -o yaml (one document per node)", Required = true, HelpName = "FILE" };
        var ukiCert = new Option<string?>("--uki-cert") { Description = "The UKI signing certificate the nodes must report (uki-signing-cert.pem)", HelpName = "CERT" };
        var pcrKey = new Option<string?>("--pcr-key") { Description = "The PCR signing key (pcr-signing-key.pem, or its public key) the nodes must report", HelpName = "KEY" };
        var report = new ReportOptions();
        var command = new Command("verify", "Check a node's SecurityState: Secure Boot on, booted from the UKI, module signatures enforced, UKI and PCR signing key fingerprints") { state, ukiCert, pcrKey };
        report.AddTo(command);
        command.SetAction(parse =>
        {
            var stateFile = parse.GetValue(state)!;
            var verified = SecureBootService.Verify(new SecureBootVerifyRequest(stateFile)
            {
                UkiCertificate = parse.GetValue(ukiCert),
                PcrKey = parse.GetValue(pcrKey),
                FailOn = report.FailOnThreshold(parse),
            });
            report.Write(parse, verified.Report, parse.InvocationConfiguration.Output, [stateFile, parse.GetValue(ukiCert), parse.GetValue(pcrKey)]);
            return ExitCodes.For(verified.Outcome);
        });
        return command;
    }

    /// <summary>X.509 GeneralizedTime ends at 9999-12-31 23:59:59; a certificate cannot be valid past it.</summary>
    private static int CheckValidityDays(int days, DateTime now)
    {
        if (days < 1)
        {
            throw new UsageException("--validity-days must be at least 1");
        }

        var lastDate = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc);
        return days <= (lastDate - now).TotalDays ? days : throw new UsageException($"--validity-days: {days} days from today is past 9999-12-31, the last date an X.509 certificate can carry");
    }

    private static Guid? ParseGuid(string? text) =>
        text is null ? null : Guid.TryParse(text, out var guid) ? guid : throw new UsageException($"--owner-guid: '{text}' is not a GUID");

    /// <summary>EFI_TIME fields as given, without time-zone conversion (like sign-efi-sig-list -t); null lets the service pick its default.</summary>
    private static DateTime? ParseTimestamp(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new UsageException($"--timestamp: '{text}' is not 'YYYY-MM-DD HH:MM:SS'");
    }
}
