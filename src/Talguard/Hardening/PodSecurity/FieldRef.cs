using Talguard.Model;

namespace Talguard.Hardening.PodSecurity;

/// <summary>
/// Where a violation sits: an existing node, or (for something missing) the nearest existing node plus
/// the dotted keys below it where the field belongs. The path is only built when a finding needs it.
/// </summary>
public readonly record struct FieldRef(YamlNode Nearest, string? Missing = null)
{
    public string Path
    {
        get
        {
            var path = Nearest.Path;
            if (Missing is null)
            {
                return path;
            }

            return path.Length == 0 ? Missing : path + "." + Missing;
        }
    }
}
