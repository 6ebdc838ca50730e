namespace Talguard.Evidence;

/// <summary>
/// Evidence a bundle lacks, so nothing was judged on it: a resource file not in the bundle (<see cref="Node"/> null),
/// a node that refused a resource, or a node without the object a rule needs. Never counted as healthy.
/// </summary>
/// <param name="Node">The node's address; null when the whole resource is missing.</param>
/// <param name="Resource">The talosctl resource (<c>nftableschain</c>) or <c>kubernetes/PLURAL</c>.</param>
/// <param name="Reason">Why it is missing, in words.</param>
public sealed record NotCollectedEvidence(string? Node, string Resource, string Reason)
{
    /// <summary>Report order: whole resources first, then by node, resource and reason (ordinal).</summary>
    public static int Compare(NotCollectedEvidence? a, NotCollectedEvidence? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        var order = (a.Node is null).CompareTo(b.Node is null) * -1;
        if (order == 0)
        {
            order = string.CompareOrdinal(a.Node, b.Node);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(a.Resource, b.Resource);
        }

        return order == 0 ? string.CompareOrdinal(a.Reason, b.Reason) : order;
    }
}
