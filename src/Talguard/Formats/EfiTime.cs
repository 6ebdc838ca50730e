using System.Buffers.Binary;
using System.Globalization;

namespace Talguard.Formats;

/// <summary>EFI_TIME (16 bytes). Authenticated variables use Year..Second; the rest is zero.</summary>
internal readonly record struct EfiTime(ushort Year, byte Month, byte Day, byte Hour, byte Minute, byte Second, uint Nanosecond = 0, short TimeZone = 0, byte Daylight = 0)
{
    public const int Size = 16;

    /// <summary>All zeros: what sign-efi-sig-list writes for an append without <c>-t</c>.</summary>
    public static EfiTime Zero => default;

    public static EfiTime FromDateTime(DateTime time) =>
        new((ushort)time.Year, (byte)time.Month, (byte)time.Day, (byte)time.Hour, (byte)time.Minute, (byte)time.Second);

    /// <summary>Parses <c>YYYY-MM-DD HH:MM:SS</c> and copies the fields as given, like <c>sign-efi-sig-list -t</c> (no time-zone conversion).</summary>
    public static bool TryParse(string text, out EfiTime time)
    {
        if (DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            time = FromDateTime(parsed);
            return true;
        }

        time = default;
        return false;
    }

    public static EfiTime Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        bytes[2],
        bytes[3],
        bytes[4],
        bytes[5],
        bytes[6],
        BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadInt16LittleEndian(bytes[12..]),
        bytes[14]);

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, Year);
        destination[2] = Month;
        destination[3] = Day;
        destination[4] = Hour;
        destination[5] = Minute;
        destination[6] = Second;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Nanosecond);
        BinaryPrimitives.WriteInt16LittleEndian(destination[12..], TimeZone);
        destination[14] = Daylight;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}-{Day:D2} {Hour:D2}:{Minute:D2}:{Second:D2}");
}
