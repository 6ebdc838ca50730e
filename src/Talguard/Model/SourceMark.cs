namespace Talguard.Model;

/// <summary>A position from the parser: 1-based line and column, 0-based character offset.</summary>
public readonly record struct SourceMark(int Line, int Column, long Offset)
{
    public static readonly SourceMark FileStart = new(1, 1, 0);

    public override string ToString() => $"{Line}:{Column}";
}
