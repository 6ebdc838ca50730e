using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Talguard.Artifacts;
using Talguard.Findings;
using Talguard.Formats;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;
using Talguard.Reports;

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
            var existing = SecureBootKeyGenerator.FileNames.Select(name => Path.Combine(directory, name)).Where(File.Exists).ToList();
            if (existing.Count > 0 && !parse.GetValue(force))
            {
                throw new UsageException($"{existing[0]} already exists ({existing.Count} files would be overwritten); use --force to replace the key set");
            }

            var files = SecureBootKeyGenerator.Generate(options);
            try
            {
                ArtifactWriter.WriteSet(directory, [.. files.Select(f => new Artifact(f.Name, f.Content, f.Secret))]);
            }
            catch (ArtifactException ex)
            {
                throw new UsageException("--out " + ex.OneLine, ex);
            }

            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"wrote {files.Count} files to {directory} (RSA-{options.RsaKeySize}, owner GUID {ownerGuid}):");
            foreach (var file in files)
            {
                stdout.WriteLine(file.Secret ? $"  {file.Name}  (private key, mode 0600)" : $"  {file.Name}");
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
            var target = SecureBootVariable.Find(parse.GetValue(variable)!)!;
            var isAppend = parse.GetValue(append);
            var time = ParseTimestamp(parse.GetValue(timestamp), isAppend);
            var eslPath = parse.GetValue(esl)!;
            OutputTarget.EnsureNotAnInput(parse.GetValue(output), "OUT", [eslPath, parse.GetValue(key), parse.GetValue(cert)]);
            var content = KeyMaterial.Read(eslPath, EfiSignatureList.MaxVariableSize);
            EfiSignatureList.ParseAll(eslPath, content);
            using var certificate = KeyMaterial.LoadCertificate(parse.GetValue(cert)!);
            using var rsa = KeyMaterial.LoadRsaPrivateKey(parse.GetValue(key)!);
            KeyMaterial.EnsureKeyMatchesCertificate(parse.GetValue(key)!, rsa, parse.GetValue(cert)!, certificate);
            var update = AuthenticatedVariable.Sign(target, isAppend, time, content, certificate, rsa);
            var outPath = parse.GetValue(output)!;
            ArtifactWriter.Write(outPath, update.ToBytes());
            parse.InvocationConfiguration.Output.WriteLine($"signed {target.Name} update written to {outPath} (timestamp {time}, signer {certificate.Subject})");
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
            var trusted = (parse.GetValue(certs) ?? []).Select(KeyMaterial.LoadCertificate).ToList();
            var options = new InspectOptions
            {
                ExpiryWarningDays = ScanCommand.CheckExpiryWarning(parse.GetValue(expiryDays)),
                OptionRoms = parse.GetValue(hardware) == "option-roms",
                Trusted = trusted,
                Variable = parse.GetValue(variable) is { } name ? SecureBootVariable.Find(name) : null,
            };
            var inspected = new SecureBootInspector(options).Inspect(parse.GetValue(files)!);
            var result = new ScanResult(inspected.Findings, TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes, files: [.. inspected.Files.Select(f => f.Label)]);
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(report.Format) == "table" && string.IsNullOrEmpty(parse.GetValue(report.Output)))
            {
                InventoryText.Write(inspected.Files, stdout);
            }

            return report.Emit(parse, result, stdout, [.. parse.GetValue(files)!, .. parse.GetValue(certs) ?? []], json => InventoryJson.Write(json, inspected.Files));
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
            using var certificate = parse.GetValue(ukiCert) is { } path ? KeyMaterial.LoadCertificate(path) : null;
            var stateFile = parse.GetValue(state)!;
            var pcrPublicKey = parse.GetValue(pcrKey) is { } keyPath ? KeyMaterial.LoadPublicKeyInfo(keyPath) : null;
            var findings = SecurityStateVerifier.Verify(stateFile, SecurityStateExpectations.From(certificate, pcrPublicKey));
            var result = new ScanResult(findings, TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes, files: [stateFile]);
            return report.Emit(parse, result, parse.InvocationConfiguration.Output, [stateFile, parse.GetValue(ukiCert), parse.GetValue(pcrKey)]);
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

    private static EfiTime ParseTimestamp(string? text, bool append)
    {
        if (text is null)
        {
            return append ? EfiTime.Zero : EfiTime.FromDateTime(DateTime.UtcNow);
        }

        return EfiTime.TryParse(text, out var time) ? time : throw new UsageException($"--timestamp: '{text}' is not 'YYYY-MM-DD HH:MM:SS'");
    }
}

/// <summary>Renders an inspection inventory as indented text for the table format.</summary>
internal static class InventoryText
{
    public static void Write(IReadOnlyList<InventoryNode> files, TextWriter output)
    {
        foreach (var file in files)
        {
            output.WriteLine(DisplayText.ForTerminal($"{file.Label} ({file.Kind})"));
            WriteBody(file, output, "  ");
            output.WriteLine();
        }
    }

    private static void WriteBody(InventoryNode node, TextWriter output, string indent)
    {
        foreach (var (key, value) in node.Properties)
        {
            output.WriteLine(DisplayText.ForTerminal($"{indent}{key}: {value}"));
        }

        foreach (var child in node.Children)
        {
            output.WriteLine(DisplayText.ForTerminal($"{indent}{child.Label}:"));
            WriteBody(child, output, indent + "  ");
        }
    }
}

/// <summary>Writes an inspection inventory as the JSON <c>inventory</c> member (an array of files).</summary>
internal static class InventoryJson
{
    public static void Write(Utf8JsonWriter json, IReadOnlyList<InventoryNode> files)
    {
        json.WriteStartArray("inventory");
        foreach (var file in files)
        {
            WriteNode(json, file);
        }

        json.WriteEndArray();
    }

    private static void WriteNode(Utf8JsonWriter json, InventoryNode node)
    {
        json.WriteStartObject();
        json.WriteString("kind", node.Kind);
        json.WriteString("name", node.Label);
        json.WriteStartObject("properties");
        foreach (var (key, value) in node.Properties)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteStartArray("items");
        foreach (var child in node.Children)
        {
            WriteNode(json, child);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
