namespace Talguard.Model.Talos;

/// <summary>Where a node sends logs over the network: a <c>machine.logging.destinations[]</c> endpoint or a <c>KmsgLogConfig</c> URL.</summary>
/// <param name="Source">What sends: <c>log destination</c> (service logs) or <c>kernel log (KmsgLogConfig)</c>.</param>
/// <param name="Endpoint">The URL scalar (<c>tcp://host:port/</c>).</param>
public sealed record LogDestination(string Source, LocatedDocument Document, YamlNode Endpoint)
{
    public string? Url => Endpoint.AsString();
}

/// <summary>The log destinations of one Talos file, main document (full config or bare patch) and <c>KmsgLogConfig</c> documents alike.</summary>
public static class LogDestinations
{
    public static IEnumerable<LogDestination> Of(TalosConfigFile file)
    {
        if (file.Main is { } main)
        {
            foreach (var destination in main.At("machine", "logging", "destinations")?.Items ?? [])
            {
                if (destination["endpoint"] is { } endpoint)
                {
                    yield return new LogDestination("log destination", main, endpoint);
                }
            }
        }

        foreach (var kmsg in file.OfKind("KmsgLogConfig"))
        {
            if (kmsg.At("url") is { } url)
            {
                yield return new LogDestination("kernel log (KmsgLogConfig)", kmsg, url);
            }
        }
    }
}
