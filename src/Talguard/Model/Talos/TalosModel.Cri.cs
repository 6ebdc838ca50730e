using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>cri</c> config package.</summary>
    private static class Cri
    {
        /// <summary>The <c>CRIBaseRuntimeSpecConfig</c> document.</summary>
        public static ObjectShape CRIBaseRuntimeSpecConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("overrides", FreeForm));

        /// <summary>The <c>CRICustomizationConfig</c> document.</summary>
        public static ObjectShape CRICustomizationConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("content", Str));

        /// <summary>The <c>ImageCacheConfig</c> document.</summary>
        public static ObjectShape ImageCacheConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("local", LocalImageCacheConfig));

        public static ObjectShape LocalImageCacheConfig => Obj(
            Field("enabled", Bool));

        /// <summary>The <c>RegistryAuthConfig</c> document.</summary>
        public static ObjectShape RegistryAuthConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("username", Str),
            Field("password", Str),
            Field("auth", Str),
            Field("identityToken", Str));

        public static ObjectShape RegistryEndpoint => Obj(
            Field("url", Str),
            Field("overridePath", Bool));

        /// <summary>The <c>RegistryMirrorConfig</c> document.</summary>
        public static ObjectShape RegistryMirrorConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("endpoints", ListOf(RegistryEndpoint)),
            Field("skipFallback", Bool));

        /// <summary>The <c>RegistryTLSConfig</c> document.</summary>
        public static ObjectShape RegistryTLSConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            // Talos reads "cert"; the v1.12 and v1.13 schemas wrongly say "crt".
            Field("clientIdentity", Obj(Field("cert", Str), Field("key", Str))),
            Field("ca", Str),
            Field("insecureSkipVerify", Bool));
    }
}
