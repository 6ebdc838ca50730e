using Talguard.Reports;

namespace Talguard.Model;

/// <summary>
/// Input the user must fix: a file that cannot be read or parsed. The CLI prints <see cref="OneLine"/>
/// and exits 2; the message never quotes file content, so secrets cannot leak through it.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string file, int line, string reason)
        : base(reason)
    {
        File = file;
        Line = line;
    }

    public InputException(string file, string reason)
        : this(file, 0, reason)
    {
    }

    public InputException()
    {
        File = string.Empty;
    }

    public InputException(string message)
        : base(message)
    {
        File = string.Empty;
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
    }

    public string File { get; }

    /// <summary>1-based line, or 0 when the problem is the file as a whole.</summary>
    public int Line { get; }

    /// <summary>The error line; a file name or key with a newline or escape sequence is shown escaped, on that one line.</summary>
    public string OneLine => DisplayText.ForTerminal(File.Length == 0 ? Message : Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}");
}
