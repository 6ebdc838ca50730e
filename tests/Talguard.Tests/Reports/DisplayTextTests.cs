using Talguard.Reports;

namespace Talguard.Tests.Reports;

public class DisplayTextTests
{
    [Fact]
    public void Short_text_is_kept_as_it_is() =>
        Assert.Same("machine.install.image", DisplayText.Shorten("machine.install.image", 120));

    [Fact]
    public void Long_text_keeps_its_start_and_end_around_an_ellipsis_within_the_limit()
    {
        var text = "start-" + new string('x', 10_000) + "-end";
        var shortened = DisplayText.Shorten(text, 120);
        Assert.Equal(120, shortened.Length);
        Assert.StartsWith("start-", shortened, StringComparison.Ordinal);
        Assert.EndsWith("-end", shortened, StringComparison.Ordinal);
        Assert.Single(shortened, c => c == DisplayText.Ellipsis);
    }

    [Fact]
    public void Shortening_never_splits_a_surrogate_pair()
    {
        for (var limit = 3; limit < 40; limit++)
        {
            var shortened = DisplayText.Shorten(string.Concat(Enumerable.Repeat("😀", 50)), limit);
            Assert.True(shortened.Length <= limit);
            Assert.Equal(shortened, DisplayText.ForTerminal(shortened));
        }
    }

    [Theory]
    [InlineData("a\u001b[31mred", "a\\x1b[31mred")]
    [InlineData("bell\u0007", "bell\\x07")]
    [InlineData("line\r\nnext\ttab", "line\\x0d\\x0anext\\x09tab")]
    [InlineData("nul\u0000del\u007f", "nul\\x00del\\x7f")]
    [InlineData("c1\u0085\u009b", "c1\\x85\\x9b")]
    [InlineData("sep\u2028\u2029", "sep\\u2028\\u2029")]
    [InlineData("bidi\u202a\u202e\u2066\u2069\u200f", "bidi\\u202a\\u202e\\u2066\\u2069\\u200f")]
    public void Terminal_text_shows_control_characters_as_escapes(string text, string expected) =>
        Assert.Equal(expected, DisplayText.ForTerminal(text));

    /// <summary>Built here rather than as theory data, which cannot carry unpaired surrogates intact.</summary>
    [Fact]
    public void Unpaired_surrogates_are_escaped_for_the_terminal_and_for_xml()
    {
        var text = "lone" + '\ud800' + "x" + '\udc00';
        Assert.Equal("lone\\ud800x\\udc00", DisplayText.ForTerminal(text));
        Assert.Equal("lone\\ud800x\\udc00", DisplayText.ForXml(text));
    }

    [Fact]
    public void Terminal_text_without_controls_is_the_same_instance()
    {
        const string text = "Größe: café 😀 [red]x[/] \\x1b";
        Assert.Same(text, DisplayText.ForTerminal(text));
    }

    [Theory]
    [InlineData("a\u0001b", "a\\x01b")]
    [InlineData("esc\u001b", "esc\\x1b")]
    [InlineData("tab\tnl\ncr\r", "tab\tnl\ncr\r")]
    [InlineData("nonchar\uffff\ufffe", "nonchar\\uffff\\ufffe")]
    [InlineData("bidi\u202e😀", "bidi\u202e😀")]
    public void Xml_text_escapes_only_what_xml_1_0_cannot_carry(string text, string expected) =>
        Assert.Equal(expected, DisplayText.ForXml(text));
}
