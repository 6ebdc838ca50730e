using System.Globalization;
using Talguard.Formats;

namespace Talguard.Hardening.SecureBoot;

/// <summary>An authenticated UEFI variable: its name, vendor GUID and default attributes.</summary>
public sealed record SecureBootVariable(string Name, Guid Vendor)
{
    public const uint NonVolatile = 0x01;
    public const uint BootServiceAccess = 0x02;
    public const uint RuntimeAccess = 0x04;
    public const uint TimeBasedAuthenticatedWrite = 0x20;
    public const uint AppendWrite = 0x40;

    /// <summary>NV|BS|RT|TIME_BASED_AUTHENTICATED_WRITE = 0x27, what sign-efi-sig-list signs.</summary>
    public const uint DefaultAttributes = NonVolatile | BootServiceAccess | RuntimeAccess | TimeBasedAuthenticatedWrite;

    private static readonly (uint Bit, string Name)[] AttributeBits =
    [
        (NonVolatile, "NV"), (BootServiceAccess, "BS"), (RuntimeAccess, "RT"), (TimeBasedAuthenticatedWrite, "TIME_BASED_AUTHENTICATED_WRITE"), (AppendWrite, "APPEND_WRITE"),
    ];

    public static readonly SecureBootVariable PK = new("PK", EfiGuids.GlobalVariable);
    public static readonly SecureBootVariable KEK = new("KEK", EfiGuids.GlobalVariable);
    public static readonly SecureBootVariable Db = new("db", EfiGuids.ImageSecurityDatabase);
    public static readonly SecureBootVariable Dbx = new("dbx", EfiGuids.ImageSecurityDatabase);

    public static IReadOnlyList<SecureBootVariable> All { get; } = [PK, KEK, Db, Dbx];

    /// <summary>The variable named exactly <paramref name="name"/> (PK, KEK, db, dbx), or null.</summary>
    public static SecureBootVariable? Find(string name) => All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The variable a file name suggests: <c>db.esl</c>, <c>KEK.auth</c>, <c>db-append.auth</c> or an efivarfs
    /// dump such as <c>db-d719b2cb-3d3a-4596-a3bc-dad00e67656f</c>. Case-insensitive; null when none fits.
    /// </summary>
    public static SecureBootVariable? FromFileName(string path)
    {
        var name = Path.GetFileName(path);
        var stem = name.Split('.', '-', '_')[0];
        return All.FirstOrDefault(v => string.Equals(v.Name, stem, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"0x00000027 NV|BS|RT|TIME_BASED_AUTHENTICATED_WRITE".</summary>
    public static string DescribeAttributes(uint attributes) =>
        string.Create(CultureInfo.InvariantCulture, $"0x{attributes:x8} {string.Join('|', AttributeBits.Where(b => (attributes & b.Bit) != 0).Select(b => b.Name))}").TrimEnd();
}
