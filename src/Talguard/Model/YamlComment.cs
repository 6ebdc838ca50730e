namespace Talguard.Model;

/// <summary>A comment and where it stands; inline comments follow content on the same line.</summary>
public readonly record struct YamlComment(int Line, string Text, bool IsInline);
