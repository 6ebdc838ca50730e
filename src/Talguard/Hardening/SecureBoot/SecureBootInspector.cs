using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.SecureBoot;

/// <summary>Options of <see cref="SecureBootInspector"/>.</summary>
public sealed record InspectOptions
{
    public DateTime NowUtc { get; init; } = DateTime.UtcNow;

    /// <summary>Certificates that expire within this many days get TG-BOOT-102.</summary>
    public int ExpiryWarningDays { get; init; } = 90;

    /// <summary>The machines have option ROMs (GPU, NIC, RAID) signed by the Microsoft UEFI CA.</summary>
    public bool OptionRoms { get; init; }

    /// <summary>Certificates PE signatures (and .auth signers) must chain to; empty = only check integrity.</summary>
    public IReadOnlyList<X509Certificate2> Trusted { get; init; } = [];

    /// <summary>The variable every input is for, overriding what file names suggest.</summary>
    public SecureBootVariable? Variable { get; init; }
}

/// <summary>The inventory and findings of one <c>secureboot inspect</c> run.</summary>
public sealed record InspectResult(IReadOnlyList<InventoryNode> Files, IReadOnlyList<Finding> Findings);

/// <summary>
/// Reads ESLs, .auth updates, efivarfs dumps, PE/UKI images, certificates and private keys; lists what they hold
/// and reports TG-BOOT-1xx findings. Private key material is never read into the output: only size and file mode.
/// </summary>
public sealed class SecureBootInspector(InspectOptions options)
{
    private static readonly string[] TestKeyMarkers = ["DO NOT TRUST", "DO NOT SHIP"];
    private static readonly string[] MicrosoftUefiCas = ["Microsoft Corporation UEFI CA 2011", "Microsoft UEFI CA 2023", "Microsoft Option ROM UEFI CA 2023"];

    private readonly List<Finding> findings = [];

    /// <summary>Inspects files; a directory contributes its files (not recursively), in name order.</summary>
    public InspectResult Inspect(IEnumerable<string> paths)
    {
        var nodes = new List<InventoryNode>();
        foreach (var path in Expand(paths))
        {
            nodes.Add(InspectFile(path, KeyMaterial.Read(path, PeImage.MaxImageSize)));
        }

        return new InspectResult(nodes, findings);
    }

    /// <summary>Inspects bytes already in memory; <paramref name="file"/> names them in findings and errors.</summary>
    public InventoryNode InspectFile(string file, byte[] data)
    {
        if (PeImage.Looks(data))
        {
            return InspectPe(file, data);
        }

        if (AuthenticatedVariable.Looks(data))
        {
            return InspectAuth(file, data);
        }

        if (KeyMaterial.IsPem(data))
        {
            return InspectPem(file, data);
        }

        if (data.Length == 0 || (data.Length >= 16 && EfiGuids.SignatureTypes.ContainsKey(EfiGuids.Read(data))))
        {
            var node = new InventoryNode("esl", file);
            AddLists(node, file, data, 0, VariableFor(file));
            return node;
        }

        if (data.Length >= 20 && EfiGuids.SignatureTypes.ContainsKey(EfiGuids.Read(data.AsSpan(4))))
        {
            var attributes = BinaryPrimitives.ReadUInt32LittleEndian(data);
            var node = new InventoryNode("efivar", file).Set("attributes", AttributeNames(attributes));
            AddLists(node, file, data.AsSpan(4), 4, VariableFor(file));
            return node;
        }

        if (SigningPayloadHeader(data) is { } payload)
        {
            var node = new InventoryNode("payload", file)
                .Set("name", payload.Name)
                .Set("vendor", payload.Vendor.ToString())
                .Set("attributes", AttributeNames(payload.Attributes))
                .Set("timestamp", payload.Timestamp.ToString());
            AddLists(node, file, data.AsSpan(payload.Length), payload.Length, options.Variable ?? SecureBootVariable.Find(payload.Name));
            return node;
        }

        if (CertificateFacts.TryLoad(data) is { } certificate)
        {
            var node = new InventoryNode("certificate", file);
            DescribeCertificate(node, certificate, Location.OfFile(file, "certificate"), checkKeys: true);
            return node;
        }

        if (data[0] == 0x30)
        {
            return InspectPkcs7(file, data);
        }

        throw new InputException(file, "not a signature list (.esl), signed update (.auth), efivarfs dump, PE image, certificate or private key");
    }

    private SecureBootVariable? VariableFor(string file) => options.Variable ?? SecureBootVariable.FromFileName(file);

    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.GetFiles(path).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private void AddLists(InventoryNode parent, string file, ReadOnlySpan<byte> data, long baseOffset, SecureBootVariable? variable)
    {
        var lists = EfiSignatureList.ParseAll(file, data, baseOffset);
        if (variable is not null)
        {
            parent.Set("variable", variable.Name);
        }

        parent.Set("signature lists", lists.Count.ToString(CultureInfo.InvariantCulture));
        var offset = baseOffset;
        var subjects = new List<string>();
        for (var l = 0; l < lists.Count; l++)
        {
            var list = lists[l];
            var listNode = parent.Add(new InventoryNode("list", $"list {l}"))
                .Set("type", EfiGuids.TypeName(list.Type))
                .Set("offset", offset.ToString(CultureInfo.InvariantCulture))
                .Set("size", list.ListSize.ToString(CultureInfo.InvariantCulture))
                .Set("entries", list.Entries.Count.ToString(CultureInfo.InvariantCulture));
            if (list.Type == EfiGuids.CertSha1)
            {
                Report(SecureBootKeyRules.Sha1, At(file, "esl", $"lists[{l}]", offset), "the list holds SHA-1 hashes (EFI_CERT_SHA1_GUID)");
            }

            for (var e = 0; e < list.Entries.Count; e++)
            {
                var entry = list.Entries[e];
                var entryOffset = offset + EfiSignatureList.FixedHeaderSize + list.Header.Length + ((long)e * list.SignatureSize);
                var entryNode = listNode.Add(new InventoryNode("entry", $"entry {e}")).Set("owner", OwnerName(entry.Owner));
                var where = At(file, "esl", $"lists[{l}].entries[{e}]", entryOffset);
                if (list.Type == EfiGuids.CertX509)
                {
                    DescribeX509Entry(entryNode, entry.Data, where, variable, subjects);
                }
                else
                {
                    entryNode.Set("data", Convert.ToHexString(entry.Data).ToLowerInvariant());
                }
            }

            offset += list.ListSize;
        }

        if (variable == SecureBootVariable.Db && options.OptionRoms && !subjects.Any(s => MicrosoftUefiCas.Any(ca => s.Contains(ca, StringComparison.Ordinal))))
        {
            Report(SecureBootKeyRules.MissingMicrosoftUefiCa, At(file, "esl", string.Empty, baseOffset), "db has no Microsoft UEFI CA (2011 or 2023) and --hardware option-roms says GPU/NIC/RAID option ROMs need it: the machine may not boot or show no display");
        }
    }

    private void DescribeX509Entry(InventoryNode node, byte[] data, Location where, SecureBootVariable? variable, List<string> subjects)
    {
        var der = data;
        if (KeyMaterial.IsPem(data))
        {
            node.Set("encoding", "PEM (not DER)");
            Report(SecureBootKeyRules.PemInSignatureList, where, "the X509 entry holds PEM text (as Talos's database generator writes it); UEFI expects DER");
            der = PemToDer(data);
        }

        if (CertificateFacts.TryLoad(der) is not { } certificate)
        {
            node.Set("certificate", "unparseable");
            return;
        }

        subjects.Add(certificate.Subject);
        DescribeCertificate(node, certificate, where, checkKeys: variable != SecureBootVariable.Dbx);
    }

    /// <summary>Lists a certificate's facts and, unless it is a revocation (dbx) entry, checks it.</summary>
    private void DescribeCertificate(InventoryNode node, X509Certificate2 certificate, Location where, bool checkKeys)
    {
        node.Set("subject", certificate.Subject)
            .Set("issuer", certificate.Issuer)
            .Set("serial", certificate.SerialNumber)
            .Set("not before", Iso(certificate.NotBefore))
            .Set("not after", Iso(certificate.NotAfter))
            .Set("key", CertificateFacts.KeyDescription(certificate))
            .Set("signature", CertificateFacts.SignatureAlgorithm(certificate))
            .Set("sha256", CertificateFacts.Fingerprint(certificate.RawData));
        if (!checkKeys)
        {
            return;
        }

        var name = certificate.Subject;
        var notAfter = certificate.NotAfter.ToUniversalTime();
        if (notAfter < options.NowUtc)
        {
            Report(SecureBootKeyRules.Expired, where, $"'{name}' expired on {Iso(certificate.NotAfter)}");
        }
        else if (notAfter < options.NowUtc.AddDays(options.ExpiryWarningDays))
        {
            Report(SecureBootKeyRules.ExpiresSoon, where, $"'{name}' expires on {Iso(certificate.NotAfter)}, within {options.ExpiryWarningDays} days");
        }

        if (CertificateFacts.KeyAlgorithm(certificate) == "RSA" && CertificateFacts.KeySize(certificate) < 2048)
        {
            Report(SecureBootKeyRules.WeakKey, where, $"'{name}' has an RSA-{CertificateFacts.KeySize(certificate)} key");
        }

        if (CertificateFacts.UsesSha1(certificate))
        {
            Report(SecureBootKeyRules.Sha1, where, $"'{name}' is signed with {CertificateFacts.SignatureAlgorithm(certificate)}");
        }

        if (TestKeyMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase) || certificate.Issuer.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            Report(SecureBootKeyRules.TestKey, where, $"'{name}' is a vendor test key whose private key is public");
        }
    }

    private InventoryNode InspectAuth(string file, byte[] data)
    {
        var update = AuthenticatedVariable.Parse(file, data);
        var node = new InventoryNode("auth", file)
            .Set("timestamp", update.Timestamp.ToString())
            .Set("signature bytes", update.Signature.Length.ToString(CultureInfo.InvariantCulture))
            .Set("content bytes", update.Content.Length.ToString(CultureInfo.InvariantCulture));
        var hint = VariableFor(file);
        var trusted = options.Trusted.Count > 0 ? options.Trusted : null;
        var check = AuthenticatedVariableVerifier.Verify(file, update, hint, trusted);
        var signatureNode = node.Add(new InventoryNode("signature", "signature"))
            .Set("verified", check.Verified ? "yes" : "NO")
            .Set("result", check.Reason)
            .Set("digest", check.DigestAlgorithm)
            .Set("signed attributes", check.HasSignedAttributes ? "present" : "absent");
        var where = At(file, "auth", "signature", EfiTime.Size);
        if (check.Verified)
        {
            signatureNode.Set("variable", check.Variable!.Name)
                .Set("attributes", AttributeNames(check.Attributes))
                .Set("hashing", check.Hashing == PayloadHashing.Single ? "single (SHA-256 of the payload)" : "double (SHA-256 of SHA-256 of the payload)");
        }
        else
        {
            Report(SecureBootKeyRules.BadSignature, where, check.Reason);
        }

        if (check.DigestAlgorithm == HashAlgorithmName.SHA1.Name)
        {
            Report(SecureBootKeyRules.Sha1, where, "the update is signed with a SHA-1 digest");
        }

        if (check.Signer is { } signer)
        {
            DescribeCertificate(signatureNode.Add(new InventoryNode("certificate", "signer")), signer, where, checkKeys: true);
        }

        var variable = check.Verified ? check.Variable : hint;
        AddLists(node, file, update.Content, AuthenticatedVariable.HeaderSize + update.Signature.Length, variable);
        return node;
    }

    private InventoryNode InspectPe(string file, byte[] data)
    {
        var image = PeImage.Parse(file, data);
        var node = new InventoryNode("pe", file)
            .Set("format", image.IsPe32Plus ? "PE32+" : "PE32")
            .Set("machine", image.MachineName)
            .Set("uki", image.IsUnifiedKernelImage ? "yes" : "no")
            .Set("authenticode sha256", Convert.ToHexString(image.AuthenticodeDigest(HashAlgorithmName.SHA256)).ToLowerInvariant());
        var sections = node.Add(new InventoryNode("sections", "sections"));
        foreach (var section in image.Sections)
        {
            sections.Set(section.Name, string.Create(CultureInfo.InvariantCulture, $"{section.VirtualSize} bytes at 0x{section.VirtualAddress:x}"));
        }

        var where = At(file, "pe", "certificates", image.SecurityEntryOffset);
        if (!image.IsSigned)
        {
            Report(SecureBootKeyRules.BadSignature, where, "the image is not signed; Secure Boot firmware refuses it");
            return node;
        }

        foreach (var signature in AuthenticodeVerifier.Verify(file, image, options.Trusted))
        {
            var signatureNode = node.Add(new InventoryNode("signature", $"signature {signature.Index}"))
                .Set("verified", signature.Verified ? "yes" : "NO")
                .Set("result", signature.Reason)
                .Set("digest", signature.DigestAlgorithm)
                .Set("signed digest", Convert.ToHexString(signature.SignedDigest).ToLowerInvariant());
            if (signature.Trusted is { } trusted)
            {
                signatureNode.Set("chains to given certificate", trusted ? "yes" : "no");
            }

            var signatureWhere = At(file, "pe", $"certificates[{signature.Index}]", image.CertificateTableOffset);
            if (!signature.Verified)
            {
                Report(SecureBootKeyRules.BadSignature, signatureWhere, signature.Reason);
            }

            if (signature.DigestAlgorithm == HashAlgorithmName.SHA1.Name)
            {
                Report(SecureBootKeyRules.Sha1, signatureWhere, "the image is signed with a SHA-1 Authenticode digest");
            }

            if (signature.Signer is { } signer)
            {
                DescribeCertificate(signatureNode.Add(new InventoryNode("certificate", "signer")), signer, signatureWhere, checkKeys: true);
            }
        }

        return node;
    }

    /// <summary>A detached PKCS#7 (.p7, .p7s: bare SignedData or ContentInfo) such as sbsign --detached writes.</summary>
    private InventoryNode InspectPkcs7(string file, byte[] data)
    {
        var signedData = CmsSignedData.Parse(file, data);
        var node = new InventoryNode("pkcs7", file)
            .Set("content type", signedData.ContentType)
            .Set("content", signedData.Content is null ? "detached" : "embedded")
            .Set("signers", signedData.Signers.Count.ToString(CultureInfo.InvariantCulture));
        var where = At(file, "pkcs7", string.Empty, 0);
        foreach (var signer in signedData.Signers)
        {
            var signerNode = node.Add(new InventoryNode("signer", "signer"))
                .Set("digest", CmsSignedData.DigestName(signer.DigestAlgorithm))
                .Set("signed attributes", signer.SignedAttributes is null ? "absent" : "present");
            if (CmsSignedData.FindSigner(signer, signedData.LoadCertificates()) is { } certificate)
            {
                DescribeCertificate(signerNode, certificate, where, checkKeys: true);
            }
        }

        return node;
    }

    /// <summary>
    /// The header of a signing payload (<c>sign-efi-sig-list -o</c>): UTF-16LE name, vendor GUID, attributes and
    /// EFI_TIME, recognised by an ASCII name followed by a known vendor GUID.
    /// </summary>
    private static (string Name, Guid Vendor, uint Attributes, EfiTime Timestamp, int Length)? SigningPayloadHeader(ReadOnlySpan<byte> data)
    {
        var nameLength = 0;
        while (nameLength + 1 < data.Length && nameLength < 128 && char.IsAsciiLetterOrDigit((char)data[nameLength]) && data[nameLength + 1] == 0)
        {
            nameLength += 2;
        }

        var headerLength = nameLength + 16 + 4 + EfiTime.Size;
        if (nameLength == 0 || data.Length < headerLength)
        {
            return null;
        }

        var vendor = EfiGuids.Read(data[nameLength..]);
        var knownVendor = vendor == EfiGuids.GlobalVariable || vendor == EfiGuids.ImageSecurityDatabase;
        var listFollows = data.Length >= headerLength + 16 && EfiGuids.SignatureTypes.ContainsKey(EfiGuids.Read(data[headerLength..]));
        if (!knownVendor && !listFollows)
        {
            return null;
        }

        var name = Encoding.Unicode.GetString(data[..nameLength]);
        return (name, vendor, BinaryPrimitives.ReadUInt32LittleEndian(data[(nameLength + 16)..]), EfiTime.Read(data[(nameLength + 20)..]), headerLength);
    }

    private InventoryNode InspectPem(string file, byte[] data)
    {
        var text = Encoding.ASCII.GetString(data);
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return InspectPrivateKey(file, text);
        }

        var node = new InventoryNode("certificate", file);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException)
        {
            throw new InputException(file, "PEM file holds no readable certificate or private key");
        }

        if (certificates.Count == 0)
        {
            throw new InputException(file, "PEM file holds no certificate or private key");
        }

        for (var i = 0; i < certificates.Count; i++)
        {
            var target = certificates.Count == 1 ? node : node.Add(new InventoryNode("certificate", $"certificate {i}"));
            DescribeCertificate(target, certificates[i], At(file, "certificate", certificates.Count == 1 ? string.Empty : $"certificates[{i}]", 0), checkKeys: true);
        }

        return node;
    }

    private InventoryNode InspectPrivateKey(string file, string text)
    {
        var node = new InventoryNode("private-key", file).Set("content", "redacted");
        var where = At(file, "private-key", string.Empty, 0);
        using (var rsa = RSA.Create())
        {
            if (TryImport(rsa, text))
            {
                node.Set("key", $"RSA-{rsa.KeySize}");
                if (rsa.KeySize < 2048)
                {
                    Report(SecureBootKeyRules.WeakKey, where, $"the private key is RSA-{rsa.KeySize}");
                }
            }
            else
            {
                node.Set("key", "not RSA, or encrypted");
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(file);
            node.Set("mode", Convert.ToString((int)mode, 8).PadLeft(4, '0'));
            const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
            if ((mode & GroupOrOther) != 0)
            {
                Report(SecureBootKeyRules.ReadablePrivateKey, where, $"mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')} lets group or others read the private key");
            }
        }

        return node;
    }

    private static bool TryImport(RSA rsa, string text)
    {
        try
        {
            rsa.ImportFromPem(text);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    private static byte[] PemToDer(byte[] pem)
    {
        var text = Encoding.ASCII.GetString(pem);
        return PemEncoding.TryFind(text, out var fields) ? KeyMaterial.DecodeBase64(text[fields.Base64Data]) : [];
    }

    private static string OwnerName(Guid owner) => owner == EfiGuids.MicrosoftOwner ? owner + " (Microsoft)" : owner.ToString();

    public static string AttributeNames(uint attributes)
    {
        var names = new List<string>();
        if ((attributes & SecureBootVariable.NonVolatile) != 0)
        {
            names.Add("NV");
        }

        if ((attributes & SecureBootVariable.BootServiceAccess) != 0)
        {
            names.Add("BS");
        }

        if ((attributes & SecureBootVariable.RuntimeAccess) != 0)
        {
            names.Add("RT");
        }

        if ((attributes & SecureBootVariable.TimeBasedAuthenticatedWrite) != 0)
        {
            names.Add("TIME_BASED_AUTHENTICATED_WRITE");
        }

        if ((attributes & SecureBootVariable.AppendWrite) != 0)
        {
            names.Add("APPEND_WRITE");
        }

        return string.Create(CultureInfo.InvariantCulture, $"0x{attributes:x8} {string.Join('|', names)}").TrimEnd();
    }

    private static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Location At(string file, string kind, string path, long offset) => new(file, 1, 1, offset, 0, kind, path);

    private void Report(RuleDescriptor rule, Location where, string message) => findings.Add(new Finding(rule, rule.Severity, message, where));
}
