using System.Runtime.Versioning;
using System.Text;
using Talguard.Hardening.PodSecurity;
using Talguard.Model;

namespace Talguard.Tests.Hardening.PodSecurity;

/// <summary><c>pss --fix</c> changes only what it fixes: line endings, directives, markers, links and modes stay.</summary>
[SupportedOSPlatform("linux")]
public sealed class PssFixFidelityTests : IDisposable
{
    private const string Pod = "# the web pod\napiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    securityContext: {privileged: true}\n";

    private const string Settings = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: \"fast\"}\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-pss-fidelity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>The bytes <c>pss --fix --in-place --level baseline</c> leaves in a file that held <paramref name="content"/>.</summary>
    private byte[] FixInPlace(string name, byte[] content)
    {
        var path = Write(name, content);
        var outcome = Support.Cli.Run("pss", "--fix", "--in-place", "--level", "baseline", path);
        Assert.Contains("patched for baseline", outcome.Stdout, StringComparison.Ordinal);
        return File.ReadAllBytes(path);
    }

    private byte[] Plain() => FixInPlace("plain.yaml", Encoding.UTF8.GetBytes(Pod));

    [Fact]
    public void Crlf_files_stay_crlf()
    {
        var expected = Encoding.UTF8.GetString(Plain()).ReplaceLineEndings("\r\n");

        var text = Settings + "---\n" + Pod;
        var fixedText = Encoding.UTF8.GetString(FixInPlace("crlf.yaml", Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))));

        Assert.Equal((Settings + "---\n").ReplaceLineEndings("\r\n") + expected, fixedText);
    }

    [Theory]
    [InlineData("%YAML 1.2\n---\n")]
    [InlineData("---\n")]
    [InlineData("--- # the shop\n")]
    [InlineData("%YAML 1.2\n%TAG !k! tag:kubernetes.io,2024:\n--- # directives\n")]
    public void A_leading_directive_and_document_marker_stay(string header)
    {
        var expected = Encoding.UTF8.GetString(Plain());

        var fixedText = Encoding.UTF8.GetString(FixInPlace("header.yaml", Encoding.UTF8.GetBytes(header + Pod)));

        Assert.Equal(header + expected, fixedText);
    }

    [Fact]
    public void A_byte_order_mark_stays()
    {
        var expected = Plain();

        var path = Write("bom.yaml", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Pod)]);

        // Parsed as the loader hands a BOM file over (the mark consumed), so this holds whatever the loader's own BOM handling.
        var source = InputLoader.Parse("bom.yaml", path, Pod);
        var fixedFile = Assert.Single(PodSecurityFixer.Fix([source], new LevelVersion(PodSecurityLevel.Baseline, PolicyVersion.Latest)));

        Assert.Equal([.. Encoding.UTF8.Preamble, .. expected], fixedFile.Content);
    }

    [Fact]
    public void A_symlinked_input_is_fixed_at_its_target_and_stays_a_link()
    {
        var expected = Plain();
        Directory.CreateDirectory(Path.Combine(_directory, "manifests"));
        var target = Write("manifests/pod.yaml", Encoding.UTF8.GetBytes(Pod));
        var link = Path.Combine(_directory, "pod-link.yaml");
        File.CreateSymbolicLink(link, "manifests/pod.yaml");

        Assert.Equal(0, Support.Cli.Run("pss", "--fix", "--in-place", "--level", "baseline", "--fail-on", "none", link).ExitCode);

        Assert.Equal("manifests/pod.yaml", new FileInfo(link).LinkTarget);
        Assert.Equal(expected, File.ReadAllBytes(target));
    }

    [Fact]
    public void File_modes_are_kept_in_place_and_by_copies()
    {
        const UnixFileMode Mode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        var inPlace = Write("in-place.yaml", Encoding.UTF8.GetBytes(Pod));
        File.SetUnixFileMode(inPlace, Mode0640);
        var copied = Write("copied.yaml", Encoding.UTF8.GetBytes(Pod));
        File.SetUnixFileMode(copied, Mode0640);
        var output = Path.Combine(_directory, "fixed");

        Support.Cli.Run("pss", "--fix", "--in-place", "--level", "baseline", inPlace);
        Support.Cli.Run("pss", "--fix", "--out", output, "--level", "baseline", copied);

        Assert.Equal(Mode0640, File.GetUnixFileMode(inPlace));
        Assert.Equal(Mode0640, File.GetUnixFileMode(Path.Combine(output, Path.GetFileName(copied))));
        Assert.Equal(File.ReadAllBytes(inPlace), File.ReadAllBytes(Path.Combine(output, Path.GetFileName(copied))));
    }
}
