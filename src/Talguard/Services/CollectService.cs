using Talguard.Evidence.Collection;

namespace Talguard.Services;

/// <summary>
/// <c>talguard collect</c>: runs talosctl (and kubectl) against a live cluster and writes an evidence bundle, redacted,
/// whole or not at all. Unusable input (no talosconfig, no node answering, an output that exists) is an exception.
/// </summary>
public static class CollectService
{
    public static CollectResult Collect(CollectRequest request) =>
        new EvidenceCollector(request, new ProcessCommandRunner(request.CommandTimeout)).Collect();
}
