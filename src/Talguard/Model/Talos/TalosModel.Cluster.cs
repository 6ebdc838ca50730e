using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>cluster</c> config package.</summary>
    private static class Cluster
    {
        /// <summary>The <c>DiscoveryIdentityConfig</c> document.</summary>
        public static ObjectShape DiscoveryIdentityConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("clusterID", Str),
            Field("clusterSecret", Str));

        /// <summary>The <c>DiscoveryServiceConfig</c> document.</summary>
        public static ObjectShape DiscoveryServiceConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("endpoint", Str));
    }
}
