using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Talguard.Findings;
using Talguard.Formats;
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
/// and gives the facts to the TG-BOOT-101..109 rules. Private key material is never read into the output: only size and file mode.
/// </summary>
public sealed class SecureBootInspector
{
    private readonly InspectOptions options;
    private readonly EfiFacts facts;
    private readonly KeyMaterialReview review;

    public SecureBootInspector(InspectOptions options)
    {
        this.options = options;
        facts = new EfiFacts(options);
        review = new KeyMaterialReview(facts);
    }

    /// <summary>What the files inspected so far hold, for the TG-BOOT-101..109 rules.</summary>
    public EfiFacts Facts => facts;

    /// <summary>The rules' findings over every file inspected so far.</summary>
    public IReadOnlyList<Finding> Findings => SecureBootKeyRules.Judge(facts);

    /// <summary>Inspects files; a directory contributes its files (not recursively), in name order.</summary>
    public InspectResult Inspect(IEnumerable<string> paths)
    {
        var nodes = new List<InventoryNode>();
        foreach (var path in Expand(paths))
        {
            nodes.Add(InspectFile(path, KeyMaterial.Read(path, PeImage.MaxImageSize)));
        }

        return new InspectResult(nodes, Findings);
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
            var node = new InventoryNode("efivar", file).Set("attributes", SecureBootVariable.DescribeAttributes(attributes));
            AddLists(node, file, data.AsSpan(4), 4, VariableFor(file));
            return node;
        }

        if (AuthenticatedVariable.ReadSigningPayloadHeader(data) is { } payload)
        {
            var node = new InventoryNode("payload", file)
                .Set("name", payload.Name)
                .Set("vendor", payload.Vendor.ToString())
                .Set("attributes", SecureBootVariable.DescribeAttributes(payload.Attributes))
                .Set("timestamp", payload.Timestamp.ToString());
            AddLists(node, file, data.AsSpan(payload.Length), payload.Length, options.Variable ?? SecureBootVariable.Find(payload.Name));
            return node;
        }

        if (CertificateFacts.TryLoad(data) is { } certificate)
        {
            var node = new InventoryNode("certificate", file);
            review.Describe(node, certificate, Location.OfFile(file, "certificate"), checkKeys: true);
            return node;
        }

        if (data[0] == 0x30)
        {
            return InspectPkcs7(file, data);
        }

        throw new InputException(file, "not a signature list (.esl), signed update (.auth), efivarfs dump, signing payload, PKCS#7, PE image, certificate or private key");
    }

    private SecureBootVariable? VariableFor(string file) => options.Variable ?? SecureBootVariable.FromFileName(file);

    /// <summary>
    /// The files to inspect. A directory gives its regular files, each once however many links reach it; a FIFO,
    /// socket or device there is never opened (it could block or never end), and one named explicitly is refused.
    /// </summary>
    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var (kind, _) = FileStatus.Of(path);
            if (kind == FileKind.Special)
            {
                throw new InputException(path, "not a regular file (a FIFO, socket or device)");
            }

            if (kind != FileKind.Directory)
            {
                yield return path;
                continue;
            }

            var listed = new HashSet<FileIdentity>();
            foreach (var file in Directory.GetFileSystemEntries(path).Order(StringComparer.Ordinal))
            {
                var (fileKind, identity) = FileStatus.Of(file);
                if (fileKind == FileKind.Regular && listed.Add(identity))
                {
                    yield return file;
                }
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
                facts.Sha1Uses.Add(new EfiSha1Use(At(file, "esl", $"lists[{l}]", offset), "the list holds SHA-1 hashes (EFI_CERT_SHA1_GUID)"));
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

        if (variable == SecureBootVariable.Db)
        {
            facts.Databases.Add(new EfiDatabase(At(file, "esl", string.Empty, baseOffset), subjects));
        }
    }

    private void DescribeX509Entry(InventoryNode node, byte[] data, Location where, SecureBootVariable? variable, List<string> subjects)
    {
        var der = data;
        if (KeyMaterial.IsPem(data))
        {
            node.Set("encoding", "PEM (not DER)");
            facts.PemEntries.Add(where);
            der = PemToDer(data);
        }

        if (CertificateFacts.TryLoad(der) is not { } certificate)
        {
            node.Set("certificate", "unparseable");
            return;
        }

        subjects.Add(certificate.Subject);
        review.Describe(node, certificate, where, checkKeys: variable != SecureBootVariable.Dbx);
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
        facts.Signatures.Add(new EfiSignature(where, check.Verified, check.Reason));
        if (check.Verified)
        {
            signatureNode.Set("variable", check.Variable!.Name)
                .Set("attributes", SecureBootVariable.DescribeAttributes(check.Attributes))
                .Set("hashing", check.Hashing == PayloadHashing.Single ? "single (SHA-256 of the payload)" : "double (SHA-256 of SHA-256 of the payload)");
        }

        if (check.DigestAlgorithm == HashAlgorithmName.SHA1.Name)
        {
            facts.Sha1Uses.Add(new EfiSha1Use(where, "the update is signed with a SHA-1 digest"));
        }

        if (check.Signer is { } signer)
        {
            review.Describe(signatureNode.Add(new InventoryNode("certificate", "signer")), signer, where, checkKeys: true);
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
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in image.Sections)
        {
            // Section names may repeat; keys stay unique so the JSON inventory has no duplicate members.
            var key = section.Name;
            for (var n = 2; !seen.Add(key); n++)
            {
                key = $"{section.Name}#{n}";
            }

            sections.Set(key, string.Create(CultureInfo.InvariantCulture, $"{section.VirtualSize} bytes at 0x{section.VirtualAddress:x}"));
        }

        var where = At(file, "pe", "certificates", image.SecurityEntryOffset);
        if (!image.IsSigned)
        {
            facts.Signatures.Add(new EfiSignature(where, false, "the image is not signed; Secure Boot firmware refuses it"));
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
            facts.Signatures.Add(new EfiSignature(signatureWhere, signature.Verified, signature.Reason));
            if (signature.DigestAlgorithm == HashAlgorithmName.SHA1.Name)
            {
                facts.Sha1Uses.Add(new EfiSha1Use(signatureWhere, "the image is signed with a SHA-1 Authenticode digest"));
            }

            if (signature.Signer is { } signer)
            {
                review.Describe(signatureNode.Add(new InventoryNode("certificate", "signer")), signer, signatureWhere, checkKeys: true);
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
                review.Describe(signerNode, certificate, where, checkKeys: true);
            }
        }

        return node;
    }

    private InventoryNode InspectPem(string file, byte[] data)
    {
        var text = Encoding.ASCII.GetString(data);
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return review.DescribePrivateKey(file, text);
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
            review.Describe(target, certificates[i], At(file, "certificate", certificates.Count == 1 ? string.Empty : $"certificates[{i}]", 0), checkKeys: true);
        }

        return node;
    }

    private static byte[] PemToDer(byte[] pem)
    {
        var text = Encoding.ASCII.GetString(pem);
        return PemEncoding.TryFind(text, out var fields) ? KeyMaterial.DecodeBase64(text[fields.Base64Data]) : [];
    }

    private static string OwnerName(Guid owner) => owner == EfiGuids.MicrosoftOwner ? owner + " (Microsoft)" : owner.ToString();

    private static Location At(string file, string kind, string path, long offset) => new(file, 1, 1, offset, 0, kind, path);
}
