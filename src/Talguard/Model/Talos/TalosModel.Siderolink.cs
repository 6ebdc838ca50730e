using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>siderolink</c> config package.</summary>
    private static class Siderolink
    {
        /// <summary>The <c>SideroLinkConfig</c> document.</summary>
        public static ObjectShape Config => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("apiUrl", Str),
            Field("uniqueToken", Str));
    }
}
