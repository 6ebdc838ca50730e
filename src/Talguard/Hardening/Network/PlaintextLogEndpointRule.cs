using System.Net;
using Talguard.Findings;
using Talguard.Model.Talos;

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
        + "an isolated network.",
        inputs: RuleInputs.NodeConfig | RuleInputs.TalosPatch,
        controls: RuleControls.Of("", "4.2.1 10.3.2", "CC6.7"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        foreach (var destination in context.Configs.SelectMany(LogDestinations.Of))
        {
            if (destination.Url is not { } text || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("tcp" or "udp") || IsLoopback(uri.Host))
            {
                continue;
            }

            context.Report(Definition, destination.Document, destination.Endpoint,
                $"{destination.Source} sends logs over plaintext {uri.Scheme} to {uri.Host}: anyone on the path can read or inject log lines");
        }
    }

    private static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address));
    }
}
