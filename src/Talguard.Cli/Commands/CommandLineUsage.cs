using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace Talguard.Cli.Commands;

/// <summary>
/// The usage rules System.CommandLine leaves to the host: a word that looks like an option is never a file name,
/// a mistyped option or command gets a suggestion, and fixed values (formats, severities, levels) match in any case.
/// </summary>
public static class CommandLineUsage
{
    /// <summary>
    /// Parses <paramref name="args"/>; a value typed in another case than one of the fixed values its option or
    /// argument offers (<c>--fail-on HIGH</c>) is read as that value. Applies to every option of the tree, so a new
    /// option with fixed values needs nothing of its own.
    /// </summary>
    public static ParseResult Parse(RootCommand root, IReadOnlyList<string> args)
    {
        var parsed = root.Parse(args);
        var canonical = CanonicalValues(parsed);
        if (canonical.Count == 0)
        {
            return parsed;
        }

        // The tokens are the arguments as the parser split them (--format=JSON is two), so parsing them again
        // with the canonical values substituted gives the same structure.
        return root.Parse([.. parsed.Tokens.Select(token => canonical.TryGetValue(token, out var value) ? value : token.Value)]);
    }

    /// <summary>The one line to print for a command line that cannot run, or null when it can.</summary>
    public static string? Problem(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (StrayOption(parsed) is { } option)
        {
            var typed = option.Split('=', ':')[0];
            return Closest(typed, OptionNames(parsed.CommandResult)) is { } suggestion
                ? $"unknown option {typed}; did you mean {suggestion}?"
                : $"unknown option {typed} (see {CommandPath(parsed.CommandResult)} --help)";
        }

        var visibleSubcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (visibleSubcommands.Count > 0 && parsed.UnmatchedTokens.Count > 0)
        {
            var prefix = parsed.CommandResult.Parent is null ? string.Empty : CommandPath(parsed.CommandResult)["talguard ".Length..] + " ";
            var typed = parsed.UnmatchedTokens[0];
            return Closest(typed, visibleSubcommands) is { } suggestion
                ? $"unknown command '{prefix}{typed}'; did you mean '{prefix}{suggestion}'?"
                : $"unknown command '{prefix}{typed}' (see {CommandPath(parsed.CommandResult)} --help)";
        }

        if (parsed.Errors.Count == 0)
        {
            return null;
        }

        if (visibleSubcommands.Count > 0 && command.Action is null)
        {
            var path = CommandPath(parsed.CommandResult);
            return $"{(parsed.CommandResult.Parent is null ? "give" : path["talguard ".Length..] + " needs")} a command: {string.Join(", ", visibleSubcommands)} (see {path} --help)";
        }

        return $"{parsed.Errors[0].Message} (see {CommandPath(parsed.CommandResult)} --help)";
    }

    /// <summary>
    /// The closest of <paramref name="candidates"/> to what the user typed: within an edit (a third of the word for
    /// long words; a swap of two letters is one edit, a missing dash too), or one that starts with it. Null when none is close.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var word = typed.TrimStart('-');
        var sorted = candidates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var limit = word.Length <= 1 ? 0 : Math.Max(1, word.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in sorted)
        {
            // -o and --out are both one edit from --ot: the one with as many dashes as typed is closer.
            var dashes = candidate.Length - candidate.TrimStart('-').Length == typed.Length - word.Length ? 0 : 1;
            var distance = Distance(word, candidate.TrimStart('-')) + dashes;
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        if (best is not null && bestDistance <= limit)
        {
            return best;
        }

        return word.Length >= 3
            ? sorted.Find(c => c.TrimStart('-').StartsWith(word, StringComparison.OrdinalIgnoreCase))
            : null;
    }

    /// <summary>"talguard etcd check" for the command a result is of.</summary>
    public static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult command; current = command.Parent)
        {
            names.Add(command.Parent is null ? "talguard" : command.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static Dictionary<Token, string> CanonicalValues(ParseResult parsed)
    {
        var canonical = new Dictionary<Token, string>(ReferenceEqualityComparer.Instance);
        for (SymbolResult? current = parsed.CommandResult; current is CommandResult command; current = command.Parent)
        {
            foreach (var child in command.Children)
            {
                IEnumerable<CompletionItem> completions = child switch
                {
                    OptionResult option => option.Option.GetCompletions(CompletionContext.Empty),
                    ArgumentResult argument => argument.Argument.GetCompletions(CompletionContext.Empty),
                    _ => [],
                };
                var values = completions.Select(c => c.Label).ToList();
                foreach (var token in child.Tokens)
                {
                    var match = values.FirstOrDefault(v => string.Equals(v, token.Value, StringComparison.OrdinalIgnoreCase));
                    if (match is not null && match != token.Value)
                    {
                        canonical[token] = match;
                    }
                }
            }
        }

        return canonical;
    }

    /// <summary>
    /// The first word before any <c>--</c> that starts with a dash and that no option took as its value: the
    /// parser hands such a word to a PATH argument or leaves it unmatched, where it must not be read as a file.
    /// </summary>
    private static string? StrayOption(ParseResult parsed)
    {
        var optionValues = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        for (SymbolResult? current = parsed.CommandResult; current is CommandResult command; current = command.Parent)
        {
            foreach (var option in command.Children.OfType<OptionResult>())
            {
                optionValues.UnionWith(option.Tokens);
            }
        }

        foreach (var token in parsed.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                return null;
            }

            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && !optionValues.Contains(token))
            {
                return token.Value;
            }
        }

        return null;
    }

    /// <summary>Every name the options in reach of a command answer to: its own, and its ancestors' recursive ones.</summary>
    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        for (SymbolResult? current = result; current is CommandResult command; current = command.Parent)
        {
            var own = ReferenceEquals(command, result);
            foreach (var option in command.Command.Options.Where(o => !o.Hidden && (own || o.Recursive)))
            {
                foreach (var name in option.Aliases.Prepend(option.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) || n is ['-', _]))
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>
    /// Optimal string alignment distance, ignoring case: insertions, deletions, substitutions and swaps of neighbours.
    /// </summary>
    private static int Distance(string typed, string candidate)
    {
        var a = typed.ToLowerInvariant();
        var b = candidate.ToLowerInvariant();
        var width = b.Length + 1;
        var d = new int[(a.Length + 1) * width];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i * width] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[((i - 1) * width) + j] + 1, d[(i * width) + j - 1] + 1), d[((i - 1) * width) + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, d[((i - 2) * width) + j - 2] + 1);
                }

                d[(i * width) + j] = best;
            }
        }

        return d[(a.Length * width) + b.Length];
    }
}
