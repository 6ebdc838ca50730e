using System.Buffers;

namespace Talguard.Formats;

/// <summary>
/// One piece of an audit log: the JSON text of one line (or of one item of a streamed EventList or array), or a
/// problem the reader found while splitting (then <see cref="Problem"/> says what and the text is empty).
/// </summary>
internal readonly record struct AuditLogRecord(int Offset, int Length, long Line, string? Problem);

/// <summary>
/// Consecutive records of one log whose text sits in one pooled buffer the batch owns: a worker parses them while the
/// reader fills the next buffer, and disposing the batch hands the buffer back.
/// </summary>
internal sealed class AuditLogBatch : IDisposable
{
    private byte[]? _buffer;

    internal AuditLogBatch(string file, byte[] buffer, List<AuditLogRecord> records, long position)
    {
        File = file;
        _buffer = buffer;
        Records = records;
        Position = position;
    }

    /// <summary>The log as the user named it (<c>-</c> for standard input).</summary>
    public string File { get; }

    public IReadOnlyList<AuditLogRecord> Records { get; }

    /// <summary>How many bytes of the file (compressed, for gzip) had been read when the batch was cut.</summary>
    public long Position { get; }

    /// <summary>The JSON text of <paramref name="record"/>.</summary>
    public ReadOnlyMemory<byte> Text(AuditLogRecord record) =>
        (_buffer ?? throw new ObjectDisposedException(nameof(AuditLogBatch))).AsMemory(record.Offset, record.Length);

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
