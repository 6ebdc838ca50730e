using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Text.Json;
using Talguard.Model;

namespace Talguard.Formats;

/// <summary>
/// Reads a Kubernetes audit log forward in large buffers, in memory that does not grow with the log: JSON lines as
/// kube-apiserver writes them (each line an Event, an EventList or an array of them), or one document (an
/// <c>audit.k8s.io/v1</c> EventList, a JSON array of events, or events pretty-printed one after another) whose items
/// are streamed with <see cref="Utf8JsonReader"/>. Gzip is recognised by its magic bytes, not the file name.
/// The reader only cuts the text into records that carry their line number; workers parse them in parallel
/// (<see cref="AuditLogEvents"/>). What cannot be cut (a line longer than <see cref="MaxRecordSize"/>, a document that
/// breaks off) becomes a problem record and reading goes on.
/// </summary>
internal sealed class AuditLogReader : IDisposable
{
    /// <summary>Large enough that a batch holds thousands of typical events, small enough that a few in flight stay far below the memory goal.</summary>
    internal const int DefaultChunkSize = 4 << 20;

    /// <summary>The longest line or item kept; kube-apiserver drops events far smaller than this when truncation is on.</summary>
    internal const int MaxRecordSize = 64 << 20;

    private static readonly JsonReaderOptions DocumentOptions = new() { AllowMultipleValues = true, MaxDepth = AuditLogEvents.MaxDepth };

    private readonly Stream _source;
    private readonly int _chunkSize;
    private readonly int _maxRecordSize;
    private readonly bool _fillWholeBuffer;
    private Stream _input;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private bool _eof;
    private string? _readError;
    private long _line = 1;
    private int _lineOffset;
    private Mode _mode;
    private bool _skippingLine;
    private JsonReaderState _state = new(DocumentOptions);
    private Container _container;
    private int _objectStart;
    private long _objectLine;
    private long _documentFirstLine;

    private AuditLogReader(string file, Stream source, int chunkSize, int maxRecordSize)
    {
        File = file;
        _source = source;
        _input = source;
        _chunkSize = chunkSize;
        _maxRecordSize = Math.Max(chunkSize, maxRecordSize);
        _buffer = ArrayPool<byte>.Shared.Rent(chunkSize);

        // A pipe hands out what it has; waiting for a full buffer would hold back alerts from a live log.
        _fillWholeBuffer = source.CanSeek;
        Length = source.CanSeek ? source.Length : 0;
    }

    private enum Mode
    {
        Unknown,
        Lines,
        Document,
    }

    /// <summary>Where the document reader is: which tokens are records and which are skipped.</summary>
    private enum Container
    {
        TopLevel,
        TopArray,
        ObjectProperties,
        Items,
        AfterItems,
    }

    /// <summary>The log as the user named it (<c>-</c> for standard input).</summary>
    public string File { get; }

    /// <summary>The file's size in bytes (compressed, for gzip), or 0 when it is a pipe.</summary>
    public long Length { get; }

    /// <summary>Bytes of the file read so far (compressed, for gzip), or 0 when it is a pipe.</summary>
    public long Position => _source.CanSeek ? _source.Position : 0;

    /// <summary>Opens <paramref name="path"/>, or standard input for <c>-</c>; a file that cannot be opened is an <see cref="InputException"/>.</summary>
    /// <param name="chunkSize">Bytes read per batch.</param>
    /// <param name="maxRecordSize">The longest line or item kept (tests lower it).</param>
    public static AuditLogReader Open(string path, Func<Stream> standardInput, int chunkSize = DefaultChunkSize, int maxRecordSize = MaxRecordSize)
    {
        if (path == InputLoader.StandardInputName)
        {
            return new AuditLogReader(path, standardInput(), chunkSize, maxRecordSize);
        }

        if (path.Length == 0)
        {
            throw new InputException("empty path (\"\") given as an audit log");
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            return new AuditLogReader(path, stream, chunkSize, maxRecordSize);
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputException(path, Directory.Exists(path) ? "is a directory" : "permission denied");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, "no such file or directory");
        }
        catch (IOException ex)
        {
            throw new InputException(path, "cannot read: " + ex.Message);
        }
    }

    /// <summary>The next records, or false at the end of the log. Never throws once the log is open: read failures become a last problem record.</summary>
    public bool TryReadBatch([NotNullWhen(true)] out AuditLogBatch? batch)
    {
        var records = new List<AuditLogRecord>();
        while (true)
        {
            Fill();
            if (_mode == Mode.Unknown && !TryDetectMode())
            {
                MakeRoom(records);
                continue;
            }

            if (_mode == Mode.Lines)
            {
                SplitLines(records);
            }
            else
            {
                SplitDocument(records);
            }

            if (_eof && _pos >= _end && _readError is { } error)
            {
                records.Add(new AuditLogRecord(0, 0, LineAt(_end), error));
                _readError = null;
            }

            if (records.Count > 0)
            {
                batch = Cut(records);
                return true;
            }

            if (_eof && _pos >= _end)
            {
                batch = null;
                return false;
            }

            MakeRoom(records);
        }
    }

    public void Dispose()
    {
        _input.Dispose();
        _source.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Fill()
    {
        while (!_eof && _end < _buffer.Length)
        {
            int read;
            try
            {
                read = _input.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                _readError = _input is GZipStream ? "corrupt gzip data: the rest of the file is not read" : "cannot read further: " + ex.Message;
                _eof = true;
                break;
            }

            if (read == 0)
            {
                _eof = true;
                break;
            }

            _end += read;
            if (!_fillWholeBuffer)
            {
                break;
            }
        }
    }

    /// <summary>Looks at the start of the log: gzip, a byte-order mark, then JSON lines or one document.</summary>
    private bool TryDetectMode()
    {
        if (_pos == 0 && _input == _source && _end >= 2 && _buffer[0] == 0x1F && _buffer[1] == 0x8B)
        {
            var prefix = _buffer.AsSpan(0, _end).ToArray();
            _input = new GZipStream(new PrefixedStream(prefix, _source), CompressionMode.Decompress);
            _end = 0;
            _eof = false;
            return false;
        }

        var data = _buffer.AsSpan(_pos, _end - _pos);
        if (_pos == 0 && _line == 1 && data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            _pos = _lineOffset = 3;
            data = data[3..];
        }
        else if (!_eof && data.Length < 3)
        {
            return false;
        }

        var first = data.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            // Only blank so far: with a full buffer (or at the end) there is nothing to decide on, so lines it is.
            _mode = _eof || _end == _buffer.Length ? Mode.Lines : Mode.Unknown;
            return _mode != Mode.Unknown;
        }

        if (data[first] is not ((byte)'{' or (byte)'['))
        {
            _mode = Mode.Lines;
            return true;
        }

        var newline = data[first..].IndexOf((byte)'\n');
        if (newline < 0 && !_eof)
        {
            // A first line longer than any record is a document on one line (a saved EventList): stream it.
            _mode = _end == _buffer.Length && _buffer.Length >= _maxRecordSize ? Mode.Document : Mode.Unknown;
            if (_mode == Mode.Document)
            {
                _documentFirstLine = _line;
            }

            return _mode != Mode.Unknown;
        }

        var firstLine = newline < 0 ? data[first..] : data[first..(first + newline)];
        _mode = IsCompleteValue(firstLine) ? Mode.Lines : Mode.Document;
        _documentFirstLine = _line;
        return true;
    }

    /// <summary>True when the line is a whole JSON value (a JSON lines log) or is not JSON at all (a broken first line of one).</summary>
    private static bool IsCompleteValue(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = AuditLogEvents.MaxDepth }));
        try
        {
            return reader.Read() && reader.TrySkip();
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private void SplitLines(List<AuditLogRecord> records)
    {
        var data = _buffer.AsSpan(0, _end);
        if (_skippingLine)
        {
            var newline = data[_pos..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                _pos = _lineOffset = _end;
                _skippingLine = !_eof;
                return;
            }

            _pos = _lineOffset = _pos + newline + 1;
            _line++;
            _skippingLine = false;
        }

        while (_pos < _end)
        {
            var newline = data[_pos..].IndexOf((byte)'\n');
            if (newline < 0 && !_eof)
            {
                break;
            }

            var lineEnd = newline < 0 ? _end : _pos + newline;
            var length = lineEnd - _pos;
            if (length > 0 && data[lineEnd - 1] == (byte)'\r')
            {
                length--;
            }

            if (data.Slice(_pos, length).IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                records.Add(new AuditLogRecord(_pos, length, _line, null));
            }

            _line++;
            _pos = _lineOffset = newline < 0 ? _end : lineEnd + 1;
        }
    }

    private void SplitDocument(List<AuditLogRecord> records)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, _end - _pos), _eof, _state);
        var done = 0L;
        var doneState = _state;
        try
        {
            while (Step(ref reader, records))
            {
                done = reader.BytesConsumed;
                doneState = reader.CurrentState;
            }
        }
        catch (JsonException ex)
        {
            RecoverAsLines(records, ex);
            return;
        }

        _pos += (int)done;
        _state = doneState;
        if (_eof)
        {
            _pos = _end;
        }
    }

    /// <summary>Reads one token (and what it opens, for an item); false when the buffer ends first (or the document does).</summary>
    private bool Step(ref Utf8JsonReader reader, List<AuditLogRecord> records)
    {
        if (!reader.Read())
        {
            return false;
        }

        var start = _pos + (int)reader.TokenStartIndex;
        switch (_container)
        {
            case Container.TopLevel when reader.TokenType == JsonTokenType.StartArray:
                _container = Container.TopArray;
                return true;
            case Container.TopLevel when reader.TokenType == JsonTokenType.StartObject:
                // An EventList streams its items; any other object (a pretty-printed Event) is one record, kept whole until it ends.
                _container = Container.ObjectProperties;
                _objectStart = start;
                _objectLine = LineAt(start);
                return true;
            case Container.TopLevel:
                records.Add(new AuditLogRecord(0, 0, LineAt(start), AuditLogEvents.NotAnEvent));
                return true;
            case Container.TopArray or Container.Items when reader.TokenType == JsonTokenType.EndArray:
                _container = _container == Container.Items ? Container.AfterItems : Container.TopLevel;
                return true;
            case Container.TopArray or Container.Items when reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray:
                if (!reader.TrySkip())
                {
                    return false;
                }

                records.Add(new AuditLogRecord(start, _pos + (int)reader.BytesConsumed - start, LineAt(start), null));
                return true;
            case Container.TopArray or Container.Items:
                records.Add(new AuditLogRecord(0, 0, LineAt(start), AuditLogEvents.NotAnEvent));
                return true;
            case Container.ObjectProperties when reader.TokenType == JsonTokenType.EndObject:
                records.Add(new AuditLogRecord(_objectStart, _pos + (int)reader.BytesConsumed - _objectStart, _objectLine, null));
                _container = Container.TopLevel;
                return true;
            case Container.AfterItems when reader.TokenType == JsonTokenType.EndObject:
                _container = Container.TopLevel;
                return true;
            default:
                var isItems = _container == Container.ObjectProperties && reader.ValueTextEquals("items"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isItems && reader.TokenType == JsonTokenType.StartArray)
                {
                    _container = Container.Items;
                    return true;
                }

                return reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) || reader.TrySkip();
        }
    }

    /// <summary>
    /// A document that breaks off: report the line, then read the rest as JSON lines, which is what a log whose first
    /// line was cut short needs and the best a damaged document allows.
    /// </summary>
    private void RecoverAsLines(List<AuditLogRecord> records, JsonException ex)
    {
        var errorLine = _documentFirstLine + (ex.LineNumber ?? 0);
        records.Add(new AuditLogRecord(0, 0, errorLine, AuditLogEvents.Describe(ex, atEnd: _eof && AuditLogEvents.IsEndOfData(ex))));
        LineAt(_pos);
        var data = _buffer.AsSpan(0, _end);
        while (_line <= errorLine)
        {
            var newline = data[_lineOffset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                _lineOffset = _end;
                _skippingLine = !_eof;
                break;
            }

            _lineOffset += newline + 1;
            _line++;
        }

        _pos = _lineOffset;
        _mode = Mode.Lines;
        _container = Container.TopLevel;
    }

    /// <summary>The line of byte <paramref name="offset"/> of the buffer; offsets only move forward.</summary>
    private long LineAt(int offset)
    {
        if (offset > _lineOffset)
        {
            _line += _buffer.AsSpan(_lineOffset, offset - _lineOffset).Count((byte)'\n');
            _lineOffset = offset;
        }

        return _line;
    }

    /// <summary>The first byte that must be kept: an object that may turn out to be one event is kept from its start.</summary>
    private int KeepFrom => _mode == Mode.Document && _container == Container.ObjectProperties ? _objectStart : _pos;

    /// <summary>Hands the records and their buffer out, carrying what is still unread into a fresh buffer.</summary>
    private AuditLogBatch Cut(List<AuditLogRecord> records)
    {
        var keep = KeepFrom;
        LineAt(keep);
        var tail = _end - keep;
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_chunkSize, tail * 2));
        _buffer.AsSpan(keep, tail).CopyTo(next);
        var batch = new AuditLogBatch(File, _buffer, records, Position);
        _buffer = next;
        Shift(keep);
        return batch;
    }

    /// <summary>Frees room for more data: drops what is consumed, else grows the buffer, else gives up on an oversized record.</summary>
    private void MakeRoom(List<AuditLogRecord> records)
    {
        var keep = KeepFrom;
        if (keep > 0)
        {
            LineAt(keep);
            _buffer.AsSpan(keep, _end - keep).CopyTo(_buffer);
            Shift(keep);
            return;
        }

        if (_end < _buffer.Length || _eof)
        {
            return;
        }

        if (_buffer.Length >= _maxRecordSize)
        {
            var reason = $"longer than {Describe(_maxRecordSize)}: skipped";
            if (_mode == Mode.Document)
            {
                // Its end cannot be found without holding it: the rest of this log is given up.
                records.Add(new AuditLogRecord(0, 0, LineAt(_pos), "an item " + reason + " with the rest of the log"));
                _pos = _end;
                _eof = true;
                _input.Dispose();
                return;
            }

            records.Add(new AuditLogRecord(0, 0, _line, "line " + reason));
            _pos = _lineOffset = _end;
            _skippingLine = true;
            MakeRoom(records);
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxRecordSize));
        _buffer.AsSpan(0, _end).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }

    private static string Describe(int bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";

    private void Shift(int keep)
    {
        _end -= keep;
        _pos -= keep;
        _lineOffset -= keep;
        _objectStart -= keep;
    }

    /// <summary>Replays the bytes read to recognise gzip, then the rest of the source.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset < prefix.Length)
            {
                var count = Math.Min(buffer.Length, prefix.Length - _offset);
                prefix.AsSpan(_offset, count).CopyTo(buffer);
                _offset += count;
                return count;
            }

            return rest.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
