using Talguard.Findings;
using Talguard.Formats;
using Talguard.Hardening.SecretsAtRest.Etcd;

namespace Talguard.Services;

/// <summary>What <c>talguard etcd status SNAPSHOT</c> asks for.</summary>
public sealed record EtcdStatusRequest(string Snapshot)
{
    /// <summary>False skips the SHA-256 trailer check (<c>--skip-hash-check</c>).</summary>
    public bool VerifyTrailer { get; init; } = true;

    /// <summary>Told how much of the snapshot has been read (see <see cref="SnapshotProgress"/>).</summary>
    public IProgress<SnapshotProgress>? Progress { get; init; }
}

/// <summary>
/// How far a snapshot has been read: the trailer check reads every byte once, so it measures the run; without
/// it (<c>--skip-hash-check</c>, a member db file) only the start and the end are reported. Reported from a worker
/// thread; a host that draws it owns the drawing (the engine never prints).
/// </summary>
public readonly record struct SnapshotProgress(long BytesRead, long TotalBytes);

/// <summary>The snapshot's status and the notes the host shows beside it (never in the status itself).</summary>
public sealed record EtcdStatusResult(SnapshotStatus Status, IReadOnlyList<string> Notices)
{
    public ServiceOutcome Outcome => ServiceOutcome.Passed;
}

/// <summary>Where <c>etcd check</c> takes the encryption keys from.</summary>
public enum EtcdKeySourceKind
{
    /// <summary>The apiserver EncryptionConfiguration (or a Talos KubeEtcdEncryptionConfig).</summary>
    EncryptionConfiguration,

    /// <summary>A <c>talosctl gen secrets</c> bundle.</summary>
    TalosSecretsBundle,

    /// <summary>A Talos control-plane machine config.</summary>
    TalosConfig,
}

public sealed record EtcdKeySource(EtcdKeySourceKind Kind, string Path);

/// <summary>What <c>talguard etcd check SNAPSHOT</c> asks for.</summary>
public sealed record EtcdCheckRequest(string Snapshot)
{
    /// <summary>Resources examined under <c>/registry/&lt;resource&gt;/</c>.</summary>
    public IReadOnlyList<string> Resources { get; init; } = ["secrets"];

    /// <summary>The keys to check values against; null checks providers and key names only.</summary>
    public EtcdKeySource? Keys { get; init; }

    public bool VerifyTrailer { get; init; } = true;

    public Severity? FailOn { get; init; } = Severity.High;

    /// <summary>Told how much of the snapshot has been read (see <see cref="SnapshotProgress"/>).</summary>
    public IProgress<SnapshotProgress>? Progress { get; init; }
}

/// <summary>
/// The findings of a snapshot check, its status and totals, and its per-value inventory, which is streamed from the
/// still-open snapshot when it is written (it grows with the snapshot); dispose to close the snapshot.
/// </summary>
public sealed class EtcdCheckResult : IDisposable
{
    private readonly BoltDatabase _database;
    private readonly SnapshotCheck _check;

    internal EtcdCheckResult(BoltDatabase database, SnapshotCheck check, SnapshotCheckResult outcome, SnapshotStatus status, Severity? failOn)
    {
        _database = database;
        _check = check;
        Check = outcome;
        Status = status;
        Outcome = ServiceOutcomes.Of(outcome.Result, failOn);
    }

    public ScanResult Report => Check.Result;

    public SnapshotCheckResult Check { get; }

    public SnapshotStatus Status { get; }

    public ServiceOutcome Outcome { get; }

    /// <summary>Hands every examined value to <paramref name="sink"/> in key order.</summary>
    public void WriteInventory(Action<InventoryEntry> sink) => _check.WriteInventory(sink);

    public void Dispose() => _database.Dispose();
}

/// <summary>Reads etcd snapshots offline (never a live etcd).</summary>
public static class EtcdService
{
    public static EtcdStatusResult Status(EtcdStatusRequest request)
    {
        using var database = Open(request.Snapshot, request.VerifyTrailer, request.Progress);
        var status = SnapshotStatus.Compute(database);
        Finished(database, request.Progress);
        return new EtcdStatusResult(status, database.TrailerSkipped ? [SnapshotCheck.TrailerSkippedNotice] : []);
    }

    public static EtcdCheckResult Check(EtcdCheckRequest request)
    {
        var options = new SnapshotCheckOptions { Resources = request.Resources, Keys = LoadKeys(request.Keys) };
        var database = Open(request.Snapshot, request.VerifyTrailer, request.Progress);
        try
        {
            var check = new SnapshotCheck(database, options);
            var outcome = check.Run();
            Finished(database, request.Progress);
            return new EtcdCheckResult(database, check, outcome, SnapshotStatus.Compute(database), request.FailOn);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    private static BoltDatabase Open(string snapshot, bool verifyTrailer, IProgress<SnapshotProgress>? progress)
    {
        long total;
        try
        {
            total = new FileInfo(snapshot).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // Open names the file and says what is wrong with it.
            total = 0;
        }

        if (progress is null || total == 0)
        {
            return BoltDatabase.Open(snapshot, verifyTrailer: verifyTrailer);
        }

        progress.Report(new SnapshotProgress(0, total));
        return BoltDatabase.Open(snapshot, verifyTrailer: verifyTrailer, bytesHashed: new ProgressRelay<long>(read => progress.Report(new SnapshotProgress(read, total))));
    }

    private static void Finished(BoltDatabase database, IProgress<SnapshotProgress>? progress) =>
        progress?.Report(new SnapshotProgress(database.FileLength, database.FileLength));

    private static EncryptionKeyring? LoadKeys(EtcdKeySource? source) => source?.Kind switch
    {
        null => null,
        EtcdKeySourceKind.EncryptionConfiguration => EncryptionKeyring.FromEncryptionConfiguration(source.Path),
        EtcdKeySourceKind.TalosSecretsBundle => EncryptionKeyring.FromTalosSecretsBundle(source.Path),
        _ => EncryptionKeyring.FromTalosConfig(source.Path),
    };
}
