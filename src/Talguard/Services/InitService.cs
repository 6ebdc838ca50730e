using System.Text;
using Talguard.Artifacts;
using Talguard.Model;
using Talguard.Model.Profile;

namespace Talguard.Services;

/// <summary>What <c>talguard init</c> asks for.</summary>
/// <param name="Output">The file to write; <c>-</c> means the caller prints <see cref="InitResult.Content"/>.</param>
public sealed record InitRequest(string Output)
{
    /// <summary>Replace an existing regular file.</summary>
    public bool Force { get; init; }

    /// <summary>Write the profile's JSON schema instead of a profile.</summary>
    public bool Schema { get; init; }

    /// <summary>Existing configs (machine configs or a talhelper <c>talconfig.yaml</c>) to fill the profile from.</summary>
    public IReadOnlyList<string> From { get; init; } = [];
}

/// <summary>The text <c>init</c> produced, and the file it went to (null: the caller writes it to standard output).</summary>
public sealed record InitResult(string Content, string? WrittenTo);

/// <summary>
/// <c>talguard init</c>: writes a commented hardening profile (the strongest one, or one filled from existing configs
/// with <see cref="InitRequest.From"/>) or the profile's JSON schema. A profile is read back before it is written, so what
/// init writes is always one <c>harden</c> accepts.
/// </summary>
public static class InitService
{
    public const string StandardOutput = "-";

    /// <summary>Where <c>init</c> writes a profile when no output is named.</summary>
    public const string DefaultOutput = ProfileReader.DefaultFileName;

    private const string SchemaResource = "Talguard.Model.Profile.talguard.profile.schema.json";

    /// <summary>The JSON schema of <c>talguard.profile.yaml</c>, as shipped in the engine.</summary>
    public static string ProfileSchema()
    {
        using var stream = typeof(InitService).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException("the profile schema is not embedded in the engine");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static InitResult Run(InitRequest request)
    {
        if (request.Schema && request.From.Count > 0)
        {
            throw new ArgumentException("--schema and --from exclude each other", nameof(request));
        }

        var toStandardOutput = request.Output == StandardOutput;
        if (!toStandardOutput)
        {
            CheckTarget(request.Output, request.Force);
            OutputPaths.EnsureNotAnInput(request.Output, "-o", request.From);
        }

        var content = request.Schema ? ProfileSchema() : Profile(request.From);
        if (toStandardOutput)
        {
            return new InitResult(content, null);
        }

        ArtifactWriter.Write(request.Output, Encoding.UTF8.GetBytes(content));
        return new InitResult(content, request.Output);
    }

    private static string Profile(IReadOnlyList<string> from)
    {
        if (from.Count == 0)
        {
            return ProfileWriter.Write(HardeningProfile.Default);
        }

        var files = InputLoader.Load(from);
        var derived = ProfileFromConfigs.Derive(files);
        var text = ProfileWriter.Write(derived.Profile, derived.Notes);
        try
        {
            ProfileReader.Parse(ProfileReader.DefaultFileName, text);
        }
        catch (InputException ex)
        {
            // Each value was checked alone; together they can still clash (a pod network over the node network).
            throw new InputException(files[0].DisplayPath, $"the configs give a profile that does not hold together ({ex.Message}): write one with `talguard init` and edit it");
        }

        return text;
    }

    /// <summary>An existing regular file is kept unless forced; devices and FIFOs are written in place.</summary>
    private static void CheckTarget(string path, bool force)
    {
        switch (Artifacts.FileIdentity.Of(path).Kind)
        {
            case Artifacts.FileKind.Regular when !force:
                throw new ArtifactException(path, "already exists; use --force to replace it");
            case Artifacts.FileKind.Directory:
                throw new ArtifactException(path, "is a directory");
        }
    }
}
