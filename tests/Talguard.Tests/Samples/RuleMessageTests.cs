using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Tests.Samples;

/// <summary>
/// A finding is shown as its rule's title and then its message, so the message must add to the title, never
/// say it again ("EPHEMERAL partition is not encrypted: EPHEMERAL is not encrypted: ..."): checked on every
/// finding of every fire sample.
/// </summary>
public sealed partial class RuleSampleTests
{
    /// <summary>Words that carry no meaning of their own, so sharing them is not repeating the title.</summary>
    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "is", "not", "no", "of", "in", "on", "to", "for", "and", "or", "by", "with", "its", "it", "be", "are", "does", "do", "from", "as", "at",
    };

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Samples))]
    public void Messages_add_to_the_title_instead_of_repeating_it(string sample)
    {
        if (Kind(Path.GetFileName(sample)) != "fire")
        {
            return;
        }

        var inputs = Inputs(sample);
        var result = Scanner.Scan([.. inputs.Select(i => InputLoader.Parse(i.Name, null, i.Text))], Options(inputs[0].Text));
        foreach (var finding in result.Findings)
        {
            Assert.False(Restates(finding.Rule.Title, finding.Message), $"{sample}: the message of {finding.Rule.Id} repeats its title \"{finding.Rule.Title}\": {finding.Message}");
        }
    }

    /// <summary>
    /// True when <paramref name="message"/> starts with <paramref name="title"/>, or when its first clause (up to the
    /// first ':' or ';') says nothing the title does not: every meaningful word of it is one of the title's.
    /// </summary>
    internal static bool Restates(string title, string message)
    {
        if (message.StartsWith(title, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var titleWords = Words(title).ToHashSet(StringComparer.Ordinal);
        var clause = message.Split([':', ';'], 2)[0];
        var clauseWords = Words(clause).ToList();
        return clauseWords.Count > 0 && clauseWords.All(titleWords.Contains);
    }

    private static IEnumerable<string> Words(string text) =>
        text.ToLowerInvariant().Split([' ', ',', '.', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries).Where(w => !FillerWords.Contains(w));

    [Theory]
    [InlineData("EPHEMERAL partition is not encrypted", "EPHEMERAL is not encrypted: no VolumeConfig", true)]
    [InlineData("Effective audit policy unknown", "effective audit policy unknown: audit-policy-file x", true)]
    [InlineData("STATE partition is not encrypted", "STATE partition is not encrypted", true)]
    [InlineData("EPHEMERAL partition is not encrypted", "no VolumeConfig document for EPHEMERAL with encryption", false)]
    [InlineData("Role grants escalate, bind or impersonate", "Role impersonator grants impersonate on serviceaccounts", false)]
    public void Restating_is_recognised(string title, string message, bool restates) =>
        Assert.Equal(restates, Restates(title, message));
}
