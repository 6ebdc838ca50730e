using System.Text.Json;
using System.Xml.Linq;
using Talguard.Cli.Rendering;
using Talguard.Findings;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Tests.Hardening.SecureBoot;

namespace Talguard.Tests.Reports;

/// <summary>
/// Text from inputs (file names, keys, values) reaches a terminal only escaped, and every format stays
/// well-formed whatever characters the inputs hold.
/// </summary>
public sealed class ControlCharacterTests : IDisposable
{
    /// <summary>Clears the screen, rings the bell, reverses the text direction, injects Spectre markup.</summary>
    private const string Hostile = "k\u001b[2J\u0007\u202e\u0001\r[red]x[/]\u0085";

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-control-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly RuleDescriptor Rule = RuleDescriptor.Create("TG-CONF-008", Severity.High, Section.Config, "Key written twice in one mapping", "r", "m");

    private static ScanResult HostileResult()
    {
        var file = "dir/na\nme" + Hostile + ".yaml";
        var active = new Finding(Rule, Severity.High, $"`{Hostile}` is already defined", new Location(file, 3, 5, 0, 0, "", $"machine.sysctls[\"{Hostile}\"]"));
        var suppressed = active with { Location = active.Location with { Line = 4 }, Suppression = new Suppression(SuppressionKind.InSource, "lab " + Hostile) };
        return new ScanResult([active, suppressed], TalosConfigFile.Defaults.Talos, TalosConfigFile.Defaults.Kubernetes, ["notice about " + Hostile]);
    }

    private static void AssertTerminalSafe(string output)
    {
        Assert.DoesNotContain(output, c => (c < ' ' && c != '\n') || c is (>= '\u007f' and <= '\u009f') or '\u202e');
        Assert.Contains("\\x1b[2J\\x07\\u202e\\x01\\x0d[red]x[/]\\x85", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_output_escapes_control_characters_and_markup_everywhere()
    {
        var table = ReportGoldenTests.Render(new TableReportWriter(), HostileResult());

        AssertTerminalSafe(table);
        Assert.StartsWith("dir/na\\x0ame" + "k\\x1b[2J\\x07\\u202e\\x01\\x0d[red]x[/]\\x85.yaml\n", table, StringComparison.Ordinal);
        Assert.Matches(@"suppressed: TG-CONF-008\s+dir/na\\x0ame", table);
        Assert.Contains("note: notice about k\\x1b", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Junit_output_is_well_formed_xml_with_forbidden_characters_escaped()
    {
        var xml = ReportGoldenTests.Render(new JUnitReportWriter(), HostileResult());

        var suite = XDocument.Parse(xml).Root!.Element("testsuite")!;
        Assert.Equal("dir/na\nmek\\x1b[2J\\x07\u202e\\x01\r[red]x[/]\u0085.yaml", suite.Attribute("file")!.Value);
        Assert.Contains("already defined", suite.Element("testcase")!.Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public void Json_and_sarif_carry_the_exact_text_as_json_escapes(string format)
    {
        var result = HostileResult();
        IReportWriter writer = format == "json" ? new JsonReportWriter() : new SarifReportWriter();
        var output = ReportGoldenTests.Render(writer, result);

        Assert.DoesNotContain(output, c => c < ' ' && c != '\n');
        using var document = JsonDocument.Parse(output);
        var message = format == "json"
            ? document.RootElement.GetProperty("findings")[0].GetProperty("message").GetString()
            : document.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("message").GetProperty("text").GetString();
        Assert.Equal(result.Findings[0].Message, message);
    }

    [Fact]
    public void A_file_name_with_a_newline_is_printed_escaped_on_one_line()
    {
        var path = Path.Combine(_directory, "na\nme\u001b[2J.yaml");
        File.WriteAllText(path, "version: v1alpha1\nmachine:\n  type: worker\n  sysctls:\n    a: \"1\"\n    a: \"2\"\n");

        var outcome = Support.Cli.Run("scan", path);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("na\\x0ame\\x1b[2J.yaml\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', outcome.Stdout);
    }

    [Fact]
    public void An_input_error_about_such_a_file_is_one_escaped_line()
    {
        var path = Path.Combine(_directory, "na\nme\u0007.yaml");
        File.WriteAllText(path, "version: v1alpha1\nmachine: [unclosed\n");

        var outcome = Support.Cli.Run("scan", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(string.Empty, outcome.Stdout);
        Assert.Single(outcome.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("talguard: " + _directory + "/na\\x0ame\\x07.yaml:", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_exception_one_line_escapes_file_and_message() =>
        Assert.Equal("a\\x0ab.yaml:3: unknown key 'x\\x1b[31m'", new InputException("a\nb.yaml", 3, "unknown key 'x\u001b[31m'").OneLine);

    [Fact]
    public void Pss_text_escapes_names_from_manifests()
    {
        var path = Path.Combine(_directory, "pod.yaml");
        File.WriteAllText(path, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"evil\\e[2J\\a\\u202e[red]\"\n  namespace: default\nspec:\n  hostPID: true\n  containers:\n  - name: c\n    image: busybox\n");

        var outcome = Support.Cli.Run("pss", "--level", "baseline", path);

        Assert.Contains("evil\\x1b[2J\\x07\\u202e[red]", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Stdout, c => (c < ' ' && c != '\n') || c == '\u202e');
    }

    [Fact]
    public void Secureboot_inventory_text_escapes_file_names()
    {
        var path = Path.Combine(_directory, "d\u001b]0;title\u0007b.esl");
        File.Copy(SecureBootFixtures.Vector("esl/db.esl"), path);

        var outcome = Support.Cli.Run("secureboot", "inspect", path, "--fail-on", "none");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("d\\x1b]0;title\\x07b.esl", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Stdout, c => c < ' ' && c != '\n');
    }
}
