namespace Talguard.Model.Talos;

/// <summary>The value shape of a field in a Talos document, as Talos's strict decoder reads it.</summary>
public abstract class TalosShape
{
    private protected TalosShape()
    {
    }
}

public enum ScalarKind
{
    String,
    Integer,
    Boolean,
    Number,

    /// <summary>An integer or a string, e.g. a firewall port (<c>50000</c>) or port range (<c>"2379-2380"</c>).</summary>
    IntegerOrString,
}

/// <summary>A single value: string, integer, boolean, number.</summary>
public sealed class ScalarShape(ScalarKind kind) : TalosShape
{
    public ScalarKind Kind { get; } = kind;
}

/// <summary>A struct: only the listed keys are accepted, each in its release range.</summary>
public sealed class ObjectShape : TalosShape
{
    private readonly Dictionary<string, TalosField> _byName;

    public ObjectShape(IReadOnlyList<TalosField> fields)
    {
        Fields = fields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<TalosField> Fields { get; }

    public TalosField? Find(string name) => _byName.GetValueOrDefault(name);
}

/// <summary>A map with free keys (<c>machine.sysctls</c>, <c>extraArgs</c>) whose values all have one shape.</summary>
public sealed class MapShape(TalosShape values) : TalosShape
{
    public TalosShape Values { get; } = values;
}

public sealed class ListShape(TalosShape items) : TalosShape
{
    public TalosShape Items { get; } = items;
}

/// <summary>
/// Content Talos passes on without checking keys: <c>auditPolicy</c>, <c>extraConfig</c>, admission
/// <c>configuration</c>, static pods, resources.
/// </summary>
public sealed class FreeFormShape : TalosShape
{
    internal static readonly FreeFormShape Instance = new();

    private FreeFormShape()
    {
    }
}

/// <summary>An <c>extraArgs</c> value: a string, or (from v1.13) a list of strings for a repeated flag.</summary>
public sealed class ArgValueShape : TalosShape
{
    internal static readonly ArgValueShape Instance = new();

    private ArgValueShape()
    {
    }
}

/// <summary>
/// One key of a Talos document and the releases in which Talos accepts it. Hidden fields are accepted
/// by Talos but missing from the published JSON schema (deprecated or locked, <c>docgen:nodoc</c>).
/// </summary>
public sealed record TalosField(string Name, TalosShape Shape)
{
    /// <summary>First release that accepts the key; null for every modelled release (v1.11 on).</summary>
    public TalosVersion? FirstRelease { get; init; }

    /// <summary>Last release that accepts the key; null while it is still accepted.</summary>
    public TalosVersion? LastRelease { get; init; }

    /// <summary>First release whose published schema omits the key although Talos still accepts it.</summary>
    public TalosVersion? HiddenSince { get; init; }

    public bool ExistsIn(TalosVersion version) =>
        (FirstRelease is not { } first || version >= first) && (LastRelease is not { } last || version <= last);

    /// <summary>True when the key is accepted and also listed in that release's JSON schema.</summary>
    public bool IsPublishedIn(TalosVersion version) => ExistsIn(version) && (HiddenSince is not { } hidden || version < hidden);

    public TalosField Since(int major, int minor) => this with { FirstRelease = new(major, minor) };

    public TalosField Until(int major, int minor) => this with { LastRelease = new(major, minor) };

    public TalosField HiddenFrom(int major, int minor) => this with { HiddenSince = new(major, minor) };

    /// <summary>Accepted but never in a published schema of the modelled releases.</summary>
    public TalosField Hidden() => HiddenFrom(1, 11);
}

/// <summary>The small vocabulary the model files are written in.</summary>
internal static class TalosShapes
{
    public static ScalarShape Str { get; } = new(ScalarKind.String);

    public static ScalarShape Int { get; } = new(ScalarKind.Integer);

    public static ScalarShape Bool { get; } = new(ScalarKind.Boolean);

    public static ScalarShape Num { get; } = new(ScalarKind.Number);

    public static ScalarShape IntOrString { get; } = new(ScalarKind.IntegerOrString);

    public static FreeFormShape FreeForm => FreeFormShape.Instance;

    public static ArgValueShape ArgValue => ArgValueShape.Instance;

    public static ObjectShape Obj(params TalosField[] fields) => new(fields);

    public static MapShape MapOf(TalosShape values) => new(values);

    public static ListShape ListOf(TalosShape items) => new(items);

    public static TalosField Field(string name, TalosShape shape) => new(name, shape);
}
