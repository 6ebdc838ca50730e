namespace Talguard.Formats;

/// <summary>
/// The GUIDs of UEFI Secure Boot. .NET's <see cref="Guid.ToByteArray()"/> uses the same mixed-endian layout
/// as EFI_GUID (Data1..Data3 little-endian, Data4 raw), so they round-trip through <see cref="Read"/>/<see cref="Write"/>.
/// </summary>
internal static class EfiGuids
{
    public static readonly Guid CertX509 = new("a5c059a1-94e4-4aa7-87b5-ab155c2bf072");
    public static readonly Guid CertSha256 = new("c1c41626-504c-4092-aca9-41f936934328");
    public static readonly Guid CertX509Sha256 = new("3bd2a492-96c0-4079-b420-fcf98ef103ed");
    public static readonly Guid CertSha1 = new("826ca512-cf10-4ac9-b187-be01496631bd");
    public static readonly Guid CertRsa2048 = new("3c5766e8-269c-4e34-aa14-ed776e85b3b6");
    public static readonly Guid CertPkcs7 = new("4aafd29d-68df-49ee-8aa9-347d375665a7");
    public static readonly Guid GlobalVariable = new("8be4df61-93ca-11d2-aa0d-00e098032b8c");
    public static readonly Guid ImageSecurityDatabase = new("d719b2cb-3d3a-4596-a3bc-dad00e67656f");
    public static readonly Guid MicrosoftOwner = new("77fa9abd-0359-4d32-bd60-28f4e78f784b");

    /// <summary>Signature types this tool knows, with their fixed payload size (0 = variable, e.g. X509).</summary>
    public static IReadOnlyDictionary<Guid, (string Name, int PayloadSize)> SignatureTypes { get; } = new Dictionary<Guid, (string, int)>
    {
        [CertX509] = ("EFI_CERT_X509_GUID", 0),
        [CertSha256] = ("EFI_CERT_SHA256_GUID", 32),
        [CertX509Sha256] = ("EFI_CERT_X509_SHA256_GUID", 48),
        [CertSha1] = ("EFI_CERT_SHA1_GUID", 20),
        [CertRsa2048] = ("EFI_CERT_RSA2048_GUID", 256),
    };

    public static string TypeName(Guid type) => SignatureTypes.TryGetValue(type, out var known) ? known.Name : type.ToString();

    public static Guid Read(ReadOnlySpan<byte> bytes) => new(bytes[..16]);

    public static void Write(Guid guid, Span<byte> destination)
    {
        if (!guid.TryWriteBytes(destination))
        {
            throw new ArgumentException("a GUID needs 16 bytes", nameof(destination));
        }
    }
}
