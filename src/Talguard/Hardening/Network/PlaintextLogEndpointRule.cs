using System.Net;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.Network;

/// <summary>TG-NET-006: logs leave the node in plaintext.</summary>
public sealed class PlaintextLogEndpointRule : Rule
{
    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-NET-006", Severity.Low, Section.Network,
        "Logs are sent in plaintext",
        "Talos log destinations speak only tcp:// or udp:// (no TLS): service and kernel logs, which can carry hostnames, "
        + "tokens in URLs and audit details, cross the network readable and forgeable.",
        "Send logs to a collector on the node's loopback or a local agent that forwards over TLS, or keep the collector on "
        + "an isolated network.");

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var file in context.Model.NodeConfigs)
        {
            foreach (var destination in file.MachineConfig!.At("machine", "logging", "destinations")?.Items ?? [])
            {
                CheckEndpoint(context, file.MachineConfig!, destination["endpoint"], "log destination");
            }

            foreach (var kmsg in file.OfKind("KmsgLogConfig"))
            {
                CheckEndpoint(context, kmsg, kmsg.At("url"), "kernel log (KmsgLogConfig)");
            }
        }
    }

    private void CheckEndpoint(ScanContext context, LocatedDocument document, YamlNode? endpoint, string what)
    {
        if (endpoint?.AsString() is not { } text || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("tcp" or "udp") || IsLoopback(uri.Host))
        {
            return;
        }

        context.Report(Definition, document, endpoint,
            $"{what} sends logs over plaintext {uri.Scheme} to {uri.Host}: anyone on the path can read or inject log lines");
    }

    private static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address));
    }
}
