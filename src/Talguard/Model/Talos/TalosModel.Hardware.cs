using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>hardware</c> config package.</summary>
    private static class Hardware
    {
        /// <summary>The <c>PCIDriverRebindConfig</c> document.</summary>
        public static ObjectShape PCIDriverRebindConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("targetDriver", Str));
    }
}
