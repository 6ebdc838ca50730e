namespace Talguard.Hardening.SecureBoot;

/// <summary>
/// What <c>secureboot inspect</c> found in a file, as an ordered tree (file → lists → entries, or PE → sections,
/// signatures). Writers render it as indented text or JSON; the order is the file's order, so output is deterministic.
/// </summary>
public sealed class InventoryNode(string kind, string label)
{
    private readonly List<KeyValuePair<string, string>> properties = [];
    private readonly List<InventoryNode> children = [];

    public string Kind { get; } = kind;

    public string Label { get; } = label;

    public IReadOnlyList<KeyValuePair<string, string>> Properties => properties;

    public IReadOnlyList<InventoryNode> Children => children;

    public InventoryNode Set(string key, string value)
    {
        properties.Add(new(key, value));
        return this;
    }

    public InventoryNode Add(InventoryNode child)
    {
        children.Add(child);
        return child;
    }
}
