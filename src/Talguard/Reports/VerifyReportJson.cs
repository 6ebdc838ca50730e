using System.Text.Json;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>
/// The members <c>talguard verify --format json</c> adds to the findings JSON (findings-json.md allows added fields):
/// <c>nodes</c>, as the manifest lists them, and <c>notCollected</c>, the evidence the bundle lacks, each
/// <c>{"node": address or null, "resource", "reason"}</c>. Both are always present in a verify report, empty or not.
/// </summary>
public static class VerifyReportJson
{
    public static void WriteMembers(Utf8JsonWriter json, VerifyResult result)
    {
        json.WriteStartArray("nodes");
        foreach (var node in result.Nodes)
        {
            json.WriteStartObject();
            json.WriteString("address", node.Address);
            json.WriteString("role", node.Role);
            json.WriteString("talosVersion", node.Version);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notCollected");
        foreach (var missing in result.NotCollected)
        {
            json.WriteStartObject();
            if (missing.Node is null)
            {
                json.WriteNull("node");
            }
            else
            {
                json.WriteString("node", missing.Node);
            }

            json.WriteString("resource", missing.Resource);
            json.WriteString("reason", missing.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
