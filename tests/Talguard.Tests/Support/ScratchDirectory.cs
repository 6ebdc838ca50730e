namespace Talguard.Tests.Support;

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class ScratchDirectory(string prefix = "talguard-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
