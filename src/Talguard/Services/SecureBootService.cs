using Talguard.Artifacts;
using Talguard.Findings;
using Talguard.Formats;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;

namespace Talguard.Services;

/// <summary>What <c>talguard secureboot inspect FILE...</c> asks for.</summary>
public sealed record SecureBootInspectRequest
{
    /// <summary>ESL, .auth, efivarfs dump, PE/UKI, certificate or private key files; a directory gives its files.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Certificates PE signatures and .auth signers must chain to.</summary>
    public IReadOnlyList<string> TrustedCertificates { get; init; } = [];

    /// <summary>The variable (PK, KEK, db, dbx) every input is for, instead of what file names suggest.</summary>
    public string? Variable { get; init; }

    /// <summary>The machines have option ROMs signed by the Microsoft UEFI CA.</summary>
    public bool OptionRoms { get; init; }

    public int ExpiryWarningDays { get; init; } = 90;

    public Severity? FailOn { get; init; } = Severity.High;
}

public sealed record SecureBootInspectResult(IReadOnlyList<InventoryNode> Inventory, ScanResult Report, ServiceOutcome Outcome);

/// <summary>What <c>talguard secureboot verify</c> asks for.</summary>
public sealed record SecureBootVerifyRequest(string SecurityState)
{
    /// <summary>The UKI signing certificate the nodes must report.</summary>
    public string? UkiCertificate { get; init; }

    /// <summary>The PCR signing key (or its public key) the nodes must report.</summary>
    public string? PcrKey { get; init; }

    public Severity? FailOn { get; init; } = Severity.High;
}

public sealed record SecureBootVerifyResult(ScanResult Report, ServiceOutcome Outcome);

/// <summary>What <c>talguard secureboot keys</c> asks for.</summary>
public sealed record SecureBootKeysRequest(string Directory, SecureBootKeyOptions Options)
{
    /// <summary>Replace files of an existing key set.</summary>
    public bool Force { get; init; }
}

/// <summary>A file of a generated key set; <see cref="Private"/> ones are written mode 0600.</summary>
public sealed record KeySetFile(string Name, bool Private);

/// <summary>The files written, or (nothing written) the existing files that <see cref="SecureBootKeysRequest.Force"/> would replace.</summary>
public sealed record SecureBootKeysResult(IReadOnlyList<KeySetFile> Written, IReadOnlyList<string> Existing);

/// <summary>What <c>talguard secureboot sign-list</c> asks for.</summary>
public sealed record SignListRequest(string Key, string Certificate, string Variable, string SignatureList, string Output)
{
    /// <summary>APPEND_WRITE instead of a replacement.</summary>
    public bool Append { get; init; }

    /// <summary>The EFI_TIME fields, copied as given; null: now in UTC, or all zeros for an append.</summary>
    public DateTime? Timestamp { get; init; }
}

public sealed record SignListResult(string Variable, string Output, string Timestamp, string Signer);

/// <summary>Custom Secure Boot keys, signed variable updates, inspection of Secure Boot material and of node state.</summary>
public static class SecureBootService
{
    public static SecureBootInspectResult Inspect(SecureBootInspectRequest request)
    {
        var options = new InspectOptions
        {
            ExpiryWarningDays = request.ExpiryWarningDays,
            OptionRoms = request.OptionRoms,
            Trusted = [.. request.TrustedCertificates.Select(KeyMaterial.LoadCertificate)],
            Variable = request.Variable is { } name ? SecureBootVariable.Find(name) : null,
        };
        var inspected = new SecureBootInspector(options).Inspect(request.Paths);
        var report = new ScanResult(inspected.Findings, TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes, files: [.. inspected.Files.Select(f => f.Label)]);
        return new SecureBootInspectResult(inspected.Files, report, ServiceOutcomes.Of(report, request.FailOn));
    }

    public static SecureBootVerifyResult Verify(SecureBootVerifyRequest request)
    {
        using var certificate = request.UkiCertificate is { } path ? KeyMaterial.LoadCertificate(path) : null;
        var pcrPublicKey = request.PcrKey is { } keyPath ? KeyMaterial.LoadPublicKeyInfo(keyPath) : null;
        var findings = SecurityStateVerifier.Verify(request.SecurityState, SecurityStateExpectations.From(certificate, pcrPublicKey));
        var report = new ScanResult(findings, TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes, files: [request.SecurityState]);
        return new SecureBootVerifyResult(report, ServiceOutcomes.Of(report, request.FailOn));
    }

    /// <summary>Generates the key set and writes it as one set (private keys 0600), unless it would replace files without <see cref="SecureBootKeysRequest.Force"/>.</summary>
    public static SecureBootKeysResult GenerateKeys(SecureBootKeysRequest request)
    {
        var existing = SecureBootKeyGenerator.FileNames.Select(name => Path.Combine(request.Directory, name)).Where(File.Exists).ToList();
        if (existing.Count > 0 && !request.Force)
        {
            return new SecureBootKeysResult([], existing);
        }

        var files = SecureBootKeyGenerator.Generate(request.Options);
        ArtifactWriter.WriteSet(request.Directory, [.. files.Select(f => new Artifact(f.Name, f.Content, f.Secret))]);
        return new SecureBootKeysResult([.. files.Select(f => new KeySetFile(f.Name, f.Secret))], existing);
    }

    /// <summary>Signs a signature list as an authenticated variable update, byte-identical to <c>sign-efi-sig-list -t</c>.</summary>
    public static SignListResult SignList(SignListRequest request)
    {
        var target = SecureBootVariable.Find(request.Variable) ?? throw new ArgumentException($"unknown Secure Boot variable {request.Variable}", nameof(request));
        var time = request.Timestamp is { } given ? EfiTime.FromDateTime(given)
            : request.Append ? EfiTime.Zero
            : EfiTime.FromDateTime(DateTime.UtcNow);
        var content = KeyMaterial.Read(request.SignatureList, EfiSignatureList.MaxVariableSize);
        EfiSignatureList.ParseAll(request.SignatureList, content);
        using var certificate = KeyMaterial.LoadCertificate(request.Certificate);
        using var rsa = KeyMaterial.LoadRsaPrivateKey(request.Key);
        KeyMaterial.EnsureKeyMatchesCertificate(request.Key, rsa, request.Certificate, certificate);
        var update = AuthenticatedVariable.Sign(target, request.Append, time, content, certificate, rsa);
        ArtifactWriter.Write(request.Output, update.ToBytes());
        return new SignListResult(target.Name, request.Output, time.ToString(), certificate.Subject);
    }
}
