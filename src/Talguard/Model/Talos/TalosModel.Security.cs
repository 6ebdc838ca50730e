using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>security</c> config package.</summary>
    private static class Security
    {
        /// <summary>The <c>ImageVerificationConfig</c> document (v1.13+), registered by Talos but missing from the schemas.</summary>
        public static ObjectShape ImageVerificationConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("rules", ListOf(Obj(
                Field("image", Str),
                Field("skip", Bool),
                Field("deny", Bool),
                Field("keyless", Obj(
                    Field("issuer", Str),
                    Field("subject", Str),
                    Field("subjectRegex", Str))),
                Field("publicKey", Obj(
                    Field("certificate", Str)))))));

        /// <summary>The <c>TrustedRootsConfig</c> document.</summary>
        public static ObjectShape TrustedRootsConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("certificates", Str));
    }
}
