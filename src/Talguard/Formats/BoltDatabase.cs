using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Talguard.Model;

namespace Talguard.Formats;

/// <summary>Called once per key/value pair of a bucket, in key order; <paramref name="isBucket"/> marks a nested bucket.</summary>
internal delegate void BoltEntryVisitor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool isBucket);

/// <summary>Where a bucket's tree lives: a root page, or (root 0) a page image inside its parent's value.</summary>
internal readonly record struct BoltBucket(ulong Root, long InlineOffset, int InlineLength)
{
    public bool IsInline => Root == 0;
}

/// <summary>Children <paramref name="FirstChild"/>.. of a bucket's root branch page: a contiguous run of its keys.</summary>
internal readonly record struct BoltSubtrees(ulong RootPage, int FirstChild, int ChildCount);

/// <summary>Called on a half's own thread with how many pairs it holds (see <see cref="BoltDatabase.CountEntries"/>); returns its visitor.</summary>
internal delegate BoltEntryVisitor BoltHalfStart(long entryCount);

/// <summary>
/// A read-only bbolt database (an etcd snapshot, optionally followed by its SHA-256 trailer), memory-mapped.
/// The trailer is hashed on another thread from <see cref="Open"/> on, while the caller reads the database;
/// <see cref="Verified{T}"/> joins it before a result leaves. Data is only ever reached by walking from the
/// root of the newest valid meta page: page order in the file means nothing (etcd does not persist its
/// freelist, so stale pages remain). Every offset read from the file is bounds-checked, every page is visited
/// at most once per walk, so corrupt input fails with an <see cref="InputException"/> rather than a crash or a
/// hang.
/// </summary>
internal sealed unsafe class BoltDatabase : IDisposable
{
    public const int TrailerSize = 32;
    private const uint Magic = 0xED0CDAED;
    private const uint FormatVersion = 2;
    private const int PageHeaderSize = 16;
    private const int ElementSize = 16;
    private const ushort BranchPage = 0x01;
    private const ushort LeafPage = 0x02;
    private const ushort MetaPage = 0x04;
    private const uint BucketElement = 0x01;
    private const int MetaBodyOffset = PageHeaderSize;
    private const int MetaChecksumOffset = MetaBodyOffset + 56;
    private const int MaxTreeDepth = 64;
    private const int HashChunk = 1 << 20;

    /// <summary>Told how far the trailer hash has read, the one pass over the whole file.</summary>
    private IProgress<long>? _bytesHashed;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private Task<bool>? _trailerCheck;
    private volatile bool _disposing;

    private BoltDatabase(string displayPath, long fileLength, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* mapped)
    {
        DisplayPath = displayPath;
        FileLength = fileLength;
        _file = file;
        _view = view;
        _base = mapped;
    }

    public string DisplayPath { get; }

    public long FileLength { get; }

    /// <summary>True when the file ends with the SHA-256 trailer of <c>etcdctl snapshot save</c>.</summary>
    public bool HasTrailer { get; private set; }

    /// <summary>True when the trailer is being (or has been) hashed on another thread.</summary>
    public bool VerifiesTrailer => _trailerCheck is not null;

    /// <summary>True when the trailer is there but its verification was skipped on request.</summary>
    public bool TrailerSkipped => HasTrailer && _trailerCheck is null;

    public int PageSize { get; private set; }

    /// <summary>The high-water mark of the chosen meta: pages 0..PageCount-1 hold the database.</summary>
    public ulong PageCount { get; private set; }

    public ulong TransactionId { get; private set; }

    /// <summary>Bytes of the database proper (what <c>etcdctl snapshot status</c> calls totalSize).</summary>
    public long DatabaseSize => (long)PageCount * PageSize;

    public BoltBucket Root { get; private set; }

    private long BoltLength => HasTrailer ? FileLength - TrailerSize : FileLength;

    /// <summary>
    /// Maps <paramref name="path"/>, starts hashing the trailer (unless <paramref name="verifyTrailer"/> is false) and
    /// picks the meta page; throws <see cref="InputException"/> for anything but a sound bbolt file.
    /// </summary>
    public static BoltDatabase Open(string path, string? displayPath = null, bool verifyTrailer = true, IProgress<long>? bytesHashed = null)
    {
        var shown = displayPath ?? path;
        if (path.Length == 0)
        {
            throw new InputException("empty path (\"\") given as an input");
        }

        if (FileStatus.Of(path).Kind == FileKind.Special)
        {
            // Mapped, a device reads as zeros or as a disk, never as a snapshot; a FIFO cannot be mapped.
            throw new InputException(shown, "not a regular file (a FIFO, socket or device): a snapshot is a file");
        }

        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException(shown, "cannot read the snapshot: " + ex.Message);
        }

        if (length < 2 * 512)
        {
            throw new InputException(shown, $"not a bbolt database or etcd snapshot: only {length} bytes");
        }

        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            var database = new BoltDatabase(shown, length, file, view, pointer + view.PointerOffset);
            try
            {
                database.HasTrailer = length % 512 == TrailerSize;
                if (database.HasTrailer && verifyTrailer)
                {
                    database._bytesHashed = bytesHashed;
                    database._trailerCheck = Task.Factory.StartNew(database.TrailerMatches, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                }

                database.ReadHeader();
            }
            catch (InputException)
            {
                // A wrong trailer explains a bad header: report it instead, as when it was checked first.
                using (database)
                {
                    database.VerifyTrailer();
                }

                throw;
            }
            catch
            {
                database.Dispose();
                throw;
            }

            return database;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            view?.Dispose();
            file?.Dispose();
            throw new InputException(shown, "cannot map the snapshot: " + ex.Message);
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/>, then waits for the trailer check. A wrong trailer wins over both the result
    /// and any <see cref="InputException"/> the read threw, exactly as if it had been checked first.
    /// </summary>
    public T Verified<T>(Func<T> read)
    {
        T result;
        try
        {
            result = read();
        }
        catch (InputException)
        {
            VerifyTrailer();
            throw;
        }

        VerifyTrailer();
        return result;
    }

    /// <summary>Waits for the trailer check; throws <see cref="InputException"/> when the trailer does not match.</summary>
    public void VerifyTrailer()
    {
        if (_trailerCheck is { } check && !check.GetAwaiter().GetResult())
        {
            throw new InputException(DisplayPath, "the SHA-256 trailer does not match the snapshot (corrupted, truncated or not written by etcdctl snapshot save)");
        }
    }

    public void Dispose()
    {
        // The hash reads the mapping: stop it and wait before unmapping; its outcome no longer matters.
        _disposing = true;
        ((Task?)_trailerCheck)?.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    /// <summary>Visits every pair of <paramref name="bucket"/> in key order (one pass, nothing buffered).</summary>
    public void ForEach(BoltBucket bucket, BoltEntryVisitor visitor)
    {
        var walk = new Walk(PageCount) { Visitor = visitor };
        if (bucket.IsInline)
        {
            var image = Bytes(bucket.InlineOffset, bucket.InlineLength);
            if (BinaryPrimitives.ReadUInt16LittleEndian(image[8..]) != LeafPage)
            {
                throw Corrupt($"an inline bucket at offset {bucket.InlineOffset} is not a leaf page image");
            }

            VisitLeaf(image, walk, "an inline bucket");
        }
        else
        {
            VisitPage(bucket.Root, walk, 0);
        }
    }

    /// <summary>
    /// How many pairs <paramref name="bucket"/> holds, from the leaf headers alone (no element is read); lets a
    /// caller size its tables once instead of growing them. Corruption is left for <see cref="ForEach"/> to report.
    /// </summary>
    public long CountEntries(BoltBucket bucket)
    {
        if (bucket.IsInline)
        {
            return BinaryPrimitives.ReadUInt16LittleEndian(Bytes(bucket.InlineOffset, bucket.InlineLength)[10..]);
        }

        var pending = new Stack<(ulong Page, int Depth)>();
        pending.Push((bucket.Root, 0));
        return CountEntries(pending);
    }

    /// <summary>
    /// The children of <paramref name="bucket"/>'s root branch page in two contiguous halves; null when the root is not a branch page of two children or more (inline, a leaf, or corrupt).
    /// Throws what <see cref="ForEach"/> throws first when the root page itself cannot be read.
    /// </summary>
    public (BoltSubtrees First, BoltSubtrees Second)? SplitInHalves(BoltBucket bucket)
    {
        if (bucket.IsInline)
        {
            return null;
        }

        var root = Page(bucket.Root);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(root[10..]);
        if (BinaryPrimitives.ReadUInt16LittleEndian(root[8..]) != BranchPage || count < 2 || PageHeaderSize + (count * ElementSize) > root.Length)
        {
            return null;
        }

        return (new BoltSubtrees(bucket.Root, 0, count / 2), new BoltSubtrees(bucket.Root, count / 2, count - (count / 2)));
    }

    /// <summary>
    /// Visits the pairs of <paramref name="first"/> and, on another thread meanwhile, those of <paramref name="second"/>
    /// (the halves of one <see cref="SplitInHalves"/>), each in key order, each half's visitor from its start (called
    /// on its thread with the half's pair count). Returns false, both walks having ended and
    /// perhaps visited some pairs, when the outcome could differ from <see cref="ForEach"/>: an <see cref="InputException"/>
    /// in either half, a page reached from both, or keys out of order across the boundary. The caller then discards
    /// what it was given and calls <see cref="ForEach"/>, which reports the error it meets first.
    /// </summary>
    public bool TryForEachInHalves(BoltSubtrees first, BoltSubtrees second, BoltHalfStart firstStart, BoltHalfStart secondStart)
    {
        // The first half starts where ForEach would: with the root page visited. The second half does not, so
        // that reaching the root or any page of the first half shows up as an overlap of the two walks.
        var earlier = new Walk(PageCount);
        earlier.MarkVisited(first.RootPage);
        var later = new Walk(PageCount);
        var laterWalk = Task.Factory.StartNew(() => Completes(second, later, secondStart), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool earlierCompleted;
        try
        {
            earlierCompleted = Completes(first, earlier, firstStart);
        }
        finally
        {
            ((Task)laterWalk).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }

        return laterWalk.GetAwaiter().GetResult() && earlierCompleted && !earlier.Overlaps(later)
            && !(earlier.HasPrevious && later.HasPrevious
                && Bytes(later.FirstKeyOffset, later.FirstKeyLength).SequenceCompareTo(Bytes(earlier.PreviousKeyOffset, earlier.PreviousKeyLength)) <= 0);
    }

    /// <summary>The bucket described by a bucket-flagged value (16-byte header, then an inline page image when root is 0).</summary>
    public BoltBucket OpenBucket(ReadOnlySpan<byte> value)
    {
        if (value.Length < PageHeaderSize)
        {
            throw Corrupt($"a bucket header is {value.Length} bytes, not 16");
        }

        var root = BinaryPrimitives.ReadUInt64LittleEndian(value);
        if (root != 0)
        {
            return new BoltBucket(root, 0, 0);
        }

        if (value.Length < 2 * PageHeaderSize)
        {
            throw Corrupt("an inline bucket is shorter than a page header");
        }

        return new BoltBucket(0, OffsetOf(value) + PageHeaderSize, value.Length - PageHeaderSize);
    }

    /// <summary>The root-level bucket called <paramref name="name"/>, if there is one.</summary>
    public BoltBucket? FindBucket(ReadOnlySpan<byte> name)
    {
        var wanted = name.ToArray();
        BoltBucket? found = null;
        ForEach(Root, (key, value, isBucket) =>
        {
            if (isBucket && key.SequenceEqual(wanted))
            {
                found = OpenBucket(value);
            }
        });
        return found;
    }

    /// <summary>Offset in the file of a span this database handed out (identifies a stored value without copying it).</summary>
    public long OffsetOf(ReadOnlySpan<byte> span)
    {
        fixed (byte* start = span)
        {
            return start - _base;
        }
    }

    /// <summary>Bytes of the database at <paramref name="offset"/>; out-of-range reads are corruption.</summary>
    public ReadOnlySpan<byte> Bytes(long offset, long length)
    {
        if (offset < 0 || length < 0 || length > int.MaxValue || offset > BoltLength - length)
        {
            throw Corrupt($"a read of {length} bytes at offset {offset} runs past the end of the database ({BoltLength} bytes)");
        }

        return new ReadOnlySpan<byte>(_base + offset, (int)length);
    }

    /// <summary>Sums the leaf headers under <paramref name="pending"/>, skipping what ForEach would refuse.</summary>
    private long CountEntries(Stack<(ulong Page, int Depth)> pending)
    {
        var seen = new Walk(PageCount);
        long total = 0;
        while (pending.TryPop(out var next))
        {
            if (next.Page < 2 || next.Page >= PageCount || next.Depth > MaxTreeDepth || !seen.MarkVisited(next.Page))
            {
                continue;
            }

            var page = Page(next.Page);
            var count = BinaryPrimitives.ReadUInt16LittleEndian(page[10..]);
            if (BinaryPrimitives.ReadUInt16LittleEndian(page[8..]) == LeafPage)
            {
                total += Math.Min(count, (page.Length - PageHeaderSize) / ElementSize);
            }
            else
            {
                for (var i = 0; i < count && PageHeaderSize + ((i + 1) * ElementSize) <= page.Length; i++)
                {
                    pending.Push((ChildAt(page, i), next.Depth + 1));
                }
            }
        }

        return total;
    }

    private static ulong ChildAt(ReadOnlySpan<byte> branch, int index) =>
        BinaryPrimitives.ReadUInt64LittleEndian(branch[(PageHeaderSize + (index * ElementSize) + 8)..]);

    /// <summary>Counts and walks one half of a split; false when that half meets an <see cref="InputException"/>.</summary>
    private bool Completes(BoltSubtrees half, Walk walk, BoltHalfStart start)
    {
        try
        {
            var root = Page(half.RootPage);
            var pending = new Stack<(ulong Page, int Depth)>();
            for (var i = half.FirstChild; i < half.FirstChild + half.ChildCount; i++)
            {
                pending.Push((ChildAt(root, i), 1));
            }

            walk.Visitor = start(CountEntries(pending));
            for (var i = half.FirstChild; i < half.FirstChild + half.ChildCount; i++)
            {
                VisitPage(ChildAt(root, i), walk, 1);
            }

            return true;
        }
        catch (InputException)
        {
            return false;
        }
    }

    private InputException Corrupt(string reason) => new(DisplayPath, "corrupt bbolt database: " + reason);

    private void ReadHeader()
    {
        var meta0 = TryReadMeta(0, null);
        var pageSize = meta0?.PageSize;
        Meta? meta1 = null;
        if (pageSize is { } size)
        {
            meta1 = TryReadMeta(size, size);
        }
        else
        {
            for (var candidate = 512; candidate <= 65536 && meta1 is null; candidate *= 2)
            {
                meta1 = TryReadMeta(candidate, candidate);
            }
        }

        var chosen = (meta0, meta1) switch
        {
            ({ } a, { } b) => a.TransactionId >= b.TransactionId ? a : b,
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => throw new InputException(DisplayPath, HasMagic() ? "corrupt bbolt database: neither meta page is valid (bad checksum)" : "not a bbolt database or etcd snapshot (no bbolt magic)"),
        };

        PageSize = chosen.PageSize;
        PageCount = chosen.PageCount;
        TransactionId = chosen.TransactionId;
        if (chosen.PageCount < 3 || chosen.PageCount > (ulong)(BoltLength / chosen.PageSize))
        {
            throw new InputException(DisplayPath, $"truncated or corrupt snapshot: the meta page describes {chosen.PageCount} pages of {chosen.PageSize} bytes but the file holds {BoltLength} bytes");
        }

        if (chosen.Root < 2 || chosen.Root >= chosen.PageCount)
        {
            throw Corrupt($"the root bucket page {chosen.Root} is outside pages 2..{chosen.PageCount - 1}");
        }

        Root = new BoltBucket(chosen.Root, 0, 0);
    }

    private bool HasMagic() => BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_base + MetaBodyOffset, 4)) == Magic;

    /// <summary>Runs on its own thread; gives up (false, never read) once <see cref="Dispose"/> has begun.</summary>
    private bool TrailerMatches()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bolt = FileLength - TrailerSize;
        for (long offset = 0; offset < bolt; offset += HashChunk)
        {
            if (_disposing)
            {
                return false;
            }

            sha.AppendData(new ReadOnlySpan<byte>(_base + offset, (int)Math.Min(HashChunk, bolt - offset)));
            _bytesHashed?.Report(Math.Min(offset + HashChunk, bolt));
        }

        Span<byte> digest = stackalloc byte[TrailerSize];
        sha.GetHashAndReset(digest);
        return digest.SequenceEqual(new ReadOnlySpan<byte>(_base + bolt, TrailerSize));
    }

    private Meta? TryReadMeta(long offset, int? expectedPageSize)
    {
        if (offset + MetaChecksumOffset + 8 > BoltLength)
        {
            return null;
        }

        var page = new ReadOnlySpan<byte>(_base + offset, MetaChecksumOffset + 8);
        var body = page[MetaBodyOffset..];
        var pageSize = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        var valid = (BinaryPrimitives.ReadUInt16LittleEndian(page[8..]) & MetaPage) != 0
            && BinaryPrimitives.ReadUInt32LittleEndian(body) == Magic
            && BinaryPrimitives.ReadUInt32LittleEndian(body[4..]) == FormatVersion
            && pageSize is >= 512 and <= 65536 && (pageSize & (pageSize - 1)) == 0
            && (expectedPageSize is null || expectedPageSize == pageSize)
            && Fnv1a.Hash64(page[MetaBodyOffset..MetaChecksumOffset]) == BinaryPrimitives.ReadUInt64LittleEndian(page[MetaChecksumOffset..]);
        if (!valid)
        {
            return null;
        }

        return new Meta(
            (int)pageSize,
            BinaryPrimitives.ReadUInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[40..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[48..]));
    }

    private ReadOnlySpan<byte> Page(ulong pgid)
    {
        if (pgid < 2 || pgid >= PageCount)
        {
            throw Corrupt($"page id {pgid} is outside pages 2..{PageCount - 1}");
        }

        var header = Bytes((long)pgid * PageSize, PageHeaderSize);
        var id = BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (id != pgid)
        {
            throw Corrupt($"page {pgid} carries the id {id}");
        }

        var overflow = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        if (overflow >= PageCount - pgid)
        {
            throw Corrupt($"page {pgid} claims {overflow} overflow pages, past the end of the database");
        }

        return Bytes((long)pgid * PageSize, (overflow + 1L) * PageSize);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void VisitPage(ulong pgid, Walk walk, int depth)
    {
        if (depth > MaxTreeDepth)
        {
            throw Corrupt($"the tree is deeper than {MaxTreeDepth} levels at page {pgid}");
        }

        if (pgid < 2 || pgid >= PageCount)
        {
            throw Corrupt($"page id {pgid} is outside pages 2..{PageCount - 1}");
        }

        if (!walk.MarkVisited(pgid))
        {
            throw Corrupt($"page {pgid} is reached twice (a cycle or a shared page)");
        }

        var page = Page(pgid);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(page[8..]);
        if (flags == LeafPage)
        {
            VisitLeaf(page, walk, $"page {pgid}");
            return;
        }

        if (flags != BranchPage)
        {
            throw Corrupt($"page {pgid} has flags 0x{flags:x2} where a branch or leaf page belongs");
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(page[10..]);
        if (PageHeaderSize + ((long)count * ElementSize) > page.Length)
        {
            throw Corrupt($"branch page {pgid} claims {count} elements, more than fit");
        }

        for (var i = 0; i < count; i++)
        {
            VisitPage(ChildAt(page, i), walk, depth + 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void VisitLeaf(ReadOnlySpan<byte> page, Walk walk, string where)
    {
        var count = BinaryPrimitives.ReadUInt16LittleEndian(page[10..]);
        if (PageHeaderSize + ((long)count * ElementSize) > page.Length)
        {
            throw Corrupt($"{where} claims {count} elements, more than fit");
        }

        for (var i = 0; i < count; i++)
        {
            var elementAt = PageHeaderSize + (i * ElementSize);
            var element = page.Slice(elementAt, ElementSize);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(element);
            long keyAt = elementAt + (long)BinaryPrimitives.ReadUInt32LittleEndian(element[4..]);
            long keySize = BinaryPrimitives.ReadUInt32LittleEndian(element[8..]);
            long valueSize = BinaryPrimitives.ReadUInt32LittleEndian(element[12..]);
            if (keyAt + keySize + valueSize > page.Length)
            {
                throw Corrupt($"element {i} of {where} points past the end of its page");
            }

            var key = page.Slice((int)keyAt, (int)keySize);
            if (walk.HasPrevious && key.SequenceCompareTo(Bytes(walk.PreviousKeyOffset, walk.PreviousKeyLength)) <= 0)
            {
                throw Corrupt($"keys are out of order in {where}");
            }

            walk.Remember(OffsetOf(key), key.Length);
            walk.Visitor(key, page.Slice((int)(keyAt + keySize), (int)valueSize), (flags & BucketElement) != 0);
        }
    }

    private sealed record Meta(int PageSize, ulong Root, ulong PageCount, ulong TransactionId);

    /// <summary>State of one bucket walk: pages seen (cycle guard), the previous key (order guard) and the first key.</summary>
    private sealed class Walk(ulong pageCount)
    {
        private readonly ulong[] _visited = new ulong[(pageCount + 63) / 64];

        public BoltEntryVisitor Visitor { get; set; } = (_, _, _) => { };

        public bool HasPrevious { get; private set; }

        public long PreviousKeyOffset { get; private set; }

        public int PreviousKeyLength { get; private set; }

        public long FirstKeyOffset { get; private set; }

        public int FirstKeyLength { get; private set; }

        public bool MarkVisited(ulong pgid)
        {
            ref var word = ref _visited[pgid / 64];
            var bit = 1UL << (int)(pgid % 64);
            if ((word & bit) != 0)
            {
                return false;
            }

            word |= bit;
            return true;
        }

        /// <summary>True when a page was visited by both walks.</summary>
        public bool Overlaps(Walk other)
        {
            for (var i = 0; i < _visited.Length; i++)
            {
                if ((_visited[i] & other._visited[i]) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        public void Remember(long offset, int length)
        {
            if (!HasPrevious)
            {
                FirstKeyOffset = offset;
                FirstKeyLength = length;
            }

            HasPrevious = true;
            PreviousKeyOffset = offset;
            PreviousKeyLength = length;
        }
    }
}
