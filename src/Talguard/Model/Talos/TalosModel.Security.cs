using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>security</c> config package.</summary>
    private static class Security
    {
        /// <summary>The <c>TrustedRootsConfig</c> document.</summary>
        public static ObjectShape TrustedRootsConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("certificates", Str));
    }
}
