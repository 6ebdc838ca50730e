using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>extensions</c> config package.</summary>
    private static class Extensions
    {
        public static ObjectShape ConfigFile => Obj(
            Field("content", Str),
            Field("mountPath", Str));

        /// <summary>The <c>ExtensionServiceConfig</c> document.</summary>
        public static ObjectShape ServiceConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("configFiles", ListOf(ConfigFile)),
            Field("environment", ListOf(Str)));
    }
}
