namespace Talguard.Hardening.AuditLogging.Detection;

/// <summary>The text of one Falco rules file and the path its errors name.</summary>
public sealed record DetectionRulesFile(string Path, string Text)
{
    /// <summary>Reads a rules file from disk; an unreadable file is an input error naming it.</summary>
    public static DetectionRulesFile Read(string path)
    {
        try
        {
            return new DetectionRulesFile(path, System.IO.File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Model.InputException(path, $"cannot read the rules file: {e.Message}");
        }
    }
}
