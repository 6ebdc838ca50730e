using System.Runtime.CompilerServices;

namespace Talguard.Tests.Reports;

/// <summary>Fixtures and golden files of the report tests, found next to this source file.</summary>
public static class TestData
{
    public static string Directory { get; } = Path.Combine(ThisDirectory(), "testdata");

    public static string Golden(string name) => Path.Combine(Directory, "golden", name);

    /// <summary>
    /// Compares <paramref name="actual"/> with a golden file; with TALGUARD_UPDATE_GOLDEN=1 it rewrites the
    /// file instead, so a deliberate format change is one command and a reviewed diff.
    /// </summary>
    public static void AssertGolden(string name, string actual)
    {
        var path = Golden(name);
        if (Environment.GetEnvironmentVariable("TALGUARD_UPDATE_GOLDEN") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests once with TALGUARD_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
