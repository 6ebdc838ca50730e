using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>storage</c> config package.</summary>
    private static class Storage
    {
        /// <summary>The <c>LVMLogicalVolumeConfig</c> document.</summary>
        public static ObjectShape LVMLogicalVolumeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("type", Str),
            Field("mirrors", Int),
            Field("stripes", Int),
            Field("provisioning", LVMLogicalVolumeProvisioningSpec));

        public static ObjectShape LVMLogicalVolumeProvisioningSpec => Obj(
            Field("volumeGroup", Str),
            Field("minSize", Str),
            Field("maxSize", Str));

        /// <summary>The <c>LVMVolumeGroupConfig</c> document.</summary>
        public static ObjectShape LVMVolumeGroupConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("provisioning", ProvisioningSpec));

        public static ObjectShape LVMVolumeSelectorSpec => Obj(
            Field("match", Str));

        public static ObjectShape ProvisioningSpec => Obj(
            Field("volumeSelector", LVMVolumeSelectorSpec));

        /// <summary>The <c>RAIDArrayConfig</c> document.</summary>
        public static ObjectShape RAIDArrayConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("level", Str),
            Field("metadata", Str),
            Field("provisioning", RAIDProvisioningSpec));

        public static ObjectShape RAIDProvisioningSpec => Obj(
            Field("volumeSelector", RAIDVolumeSelector));

        public static ObjectShape RAIDVolumeSelector => Obj(
            Field("match", Str));
    }
}
