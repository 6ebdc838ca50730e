namespace Talguard.Model.Talos;

/// <summary>One <c>machine.files</c> entry, its fields as nodes of the document it came from.</summary>
public sealed record MachineFileEntry(LocatedDocument Document, YamlNode Node)
{
    public YamlNode? Op => Node["op"];

    public string? Path => Node["path"]?.AsString();
}

/// <summary>The <c>machine.files</c> entries of a full v1alpha1 config or a bare <c>machine:</c> patch.</summary>
public static class MachineFileSettings
{
    public static IEnumerable<MachineFileEntry> Of(TalosConfigFile file) =>
        file.Main is { } main && main.At("machine", "files") is { IsSequence: true } files
            ? files.Items.Select(entry => new MachineFileEntry(main, entry))
            : [];
}
