namespace Talguard.Model;

/// <summary>Standard input as an input file (<c>-</c>).</summary>
public static class StandardInput
{
    /// <summary>
    /// Wraps <paramref name="open"/> (such as <c>Console.OpenStandardInput</c>) so that a standard input closed when the
    /// process started (<c>talguard scan - &lt;&amp;-</c>) is an input error instead of a read that blocks forever.
    /// </summary>
    public static Func<Stream> Guard(Func<Stream> open) => () =>
        FileStatus.StandardInputClosed() ? throw new InputException(InputLoader.StandardInputName, "standard input is closed") : open();
}
