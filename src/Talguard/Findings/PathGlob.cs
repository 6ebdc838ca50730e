namespace Talguard.Findings;

/// <summary>
/// A path glob of the exceptions file, matched without backtracking: <c>*</c> is any run of characters
/// within one folder, <c>**/</c> any number of whole folders (none included), <c>**</c> elsewhere any run
/// of characters, <c>/</c> included; everything else matches itself. Matching walks the path once while
/// tracking every place in the glob it could have reached, so it costs at most path length × glob length,
/// whatever the glob (a backtracking regex needs exponential time for <c>*a*a*a*a*a*a*b</c>).
/// </summary>
public sealed class PathGlob
{
    /// <summary>Longer than any path a scan reports; bounds the cost of one match.</summary>
    public const int MaxLength = 4096;

    private readonly Token[] _tokens;

    public PathGlob(string glob)
    {
        ArgumentException.ThrowIfNullOrEmpty(glob);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(glob.Length, MaxLength);
        Text = glob;
        _tokens = Compile(glob);
    }

    public string Text { get; }

    private enum Kind
    {
        /// <summary>One given character.</summary>
        Literal,

        /// <summary><c>*</c>: any run without <c>/</c>.</summary>
        InFolder,

        /// <summary><c>**</c>: any run.</summary>
        Anything,

        /// <summary>Start of <c>**/</c>: goes on either past the whole <c>**/</c> (no folder) or into <see cref="Folders"/>.</summary>
        OptionalFolders,

        /// <summary>Rest of <c>**/</c>: any run that ends with <c>/</c>.</summary>
        Folders,
    }

    private readonly record struct Token(Kind Kind, char Literal = '\0');

    public bool IsMatch(string path)
    {
        var current = new bool[_tokens.Length + 1];
        var next = new bool[_tokens.Length + 1];
        current[0] = true;
        SkipEmpty(current);
        foreach (var c in path)
        {
            Array.Clear(next);
            var alive = false;
            for (var state = 0; state < _tokens.Length; state++)
            {
                if (current[state])
                {
                    alive |= Step(_tokens[state], state, c, next);
                }
            }

            if (!alive)
            {
                return false;
            }

            SkipEmpty(next);
            (current, next) = (next, current);
        }

        return current[_tokens.Length];
    }

    /// <summary>Marks where <paramref name="c"/> leads from <paramref name="state"/>; false when nowhere.</summary>
    private static bool Step(Token token, int state, char c, bool[] next)
    {
        switch (token.Kind)
        {
            case Kind.Literal when token.Literal == c:
                next[state + 1] = true;
                return true;
            case Kind.InFolder when c != '/':
            case Kind.Anything:
                next[state] = true;
                return true;
            case Kind.Folders:
                next[state] = true;
                next[state + 1] |= c == '/';
                return true;
            case Kind.OptionalFolders:
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// What a state reaches without reading a character: <c>*</c> and <c>**</c> may end at any point, so being
    /// in one is also being past it; the start of <c>**/</c> is also being past all of it. A run of
    /// <see cref="Kind.Folders"/> must end with <c>/</c> first.
    /// </summary>
    private void SkipEmpty(bool[] states)
    {
        for (var state = 0; state < _tokens.Length; state++)
        {
            if (!states[state])
            {
                continue;
            }

            var kind = _tokens[state].Kind;
            states[state + 1] |= kind is Kind.InFolder or Kind.Anything or Kind.OptionalFolders;
            if (kind == Kind.OptionalFolders)
            {
                states[state + 2] = true;
            }
        }
    }

    private static Token[] Compile(string glob)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] != '*')
            {
                tokens.Add(new Token(Kind.Literal, glob[i]));
            }
            else if (i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                i += slashFollows ? 2 : 1;
                // A wildcard right after an equivalent one adds nothing but cost (`**/**/` is `**/`, `****` is `**`).
                if (tokens.Count > 0 && tokens[^1].Kind == (slashFollows ? Kind.Folders : Kind.Anything))
                {
                    continue;
                }

                if (slashFollows)
                {
                    tokens.Add(new Token(Kind.OptionalFolders));
                    tokens.Add(new Token(Kind.Folders));
                }
                else
                {
                    tokens.Add(new Token(Kind.Anything));
                }
            }
            else
            {
                tokens.Add(new Token(Kind.InFolder));
            }
        }

        return [.. tokens];
    }
}
