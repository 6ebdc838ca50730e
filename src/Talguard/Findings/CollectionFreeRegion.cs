using System.Runtime;

namespace Talguard.Findings;

/// <summary>
/// Runs a load and scan without garbage collections when the memory it needs is modest. A scan keeps its whole
/// model (hundreds of thousands of YAML nodes) alive while the parser churns out short-lived garbage; every
/// collection in between copies that growing model, and at 2,000 configs that copying was a third of the time.
/// Scanning allocates about 32 bytes per input byte, so the region asks for 40 (plus headroom), up to 1 GiB and a
/// quarter of the memory available to the process; larger inputs, or a runtime that declines, scan with
/// collections as usual. Suspending collections affects the whole process, so only a host decides to (the CLI
/// passes <see cref="For"/> as <c>ScanRequest.ScanRegion</c>); the library never enters one by itself.
/// </summary>
public sealed class CollectionFreeRegion : IDisposable
{
    private const long BytesPerInputByte = 40;
    private const long Headroom = 32L * 1024 * 1024;
    private const long MaxRegion = 1024L * 1024 * 1024;

    private readonly bool _started;

    private CollectionFreeRegion(bool started) => _started = started;

    public static CollectionFreeRegion For(long inputBytes)
    {
        var wanted = Headroom + (inputBytes * BytesPerInputByte);
        var ceiling = Math.Min(MaxRegion, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);
        if (wanted > ceiling || GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return new CollectionFreeRegion(false);
        }

        try
        {
            return new CollectionFreeRegion(GC.TryStartNoGCRegion(wanted));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // More than this runtime can reserve, or another scan of this process opened a region first: collect as usual.
            return new CollectionFreeRegion(false);
        }
    }

    public void Dispose()
    {
        // The runtime leaves the region by itself once the budget is spent (or when something else collects);
        // only a region still open is ended here.
        if (!_started || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return;
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // It closed between the check and the call: nothing left to end.
        }
    }
}
