using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;

namespace Talguard.Hardening.Network;

/// <summary>
/// The Talos ingress firewall the input shows for a file, for rules that judge an exposure only where no firewall limits it:
/// a file's own documents when it sets a default action (a complete config without one has the firewall off), and for a lone
/// patch without one, the blocking firewalls of the lone patches scanned with it (repositories keep the firewall in its own patch).
/// </summary>
internal static class ShownFirewall
{
    /// <summary>The firewalls that block by default and apply to <paramref name="file"/>; empty when the input shows none.</summary>
    public static IReadOnlyList<IngressFirewall> For(ScanContext context, TalosConfigFile file)
    {
        var own = IngressFirewall.Of(file);
        if (file.IsComplete || own.DefaultActions.Count > 0)
        {
            return own.BlocksByDefault ? [own] : [];
        }

        return [.. context.Model.TalosFiles.Where(f => f.Role == NodeRole.Patch).Select(IngressFirewall.Of).Where(f => f.BlocksByDefault)];
    }

    /// <summary>True when a shown firewall blocks TCP <paramref name="port"/> except from subnets narrower than 0.0.0.0/0 and ::/0.</summary>
    public static bool Limits(IReadOnlyList<IngressFirewall> firewalls, int port) =>
        firewalls.Count > 0 && !firewalls.SelectMany(f => f.EntriesOpening([port])).Any(e => e.IsAnywhere);
}
