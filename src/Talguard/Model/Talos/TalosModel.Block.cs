using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>block</c> config package.</summary>
    private static class Block
    {
        public static ObjectShape DiskSelector => Obj(
            Field("match", Str));

        public static ObjectShape EncryptionKey => Obj(
            Field("slot", Int),
            Field("static", EncryptionKeyStatic),
            Field("nodeID", EncryptionKeyNodeID),
            Field("kms", EncryptionKeyKMS),
            Field("tpm", EncryptionKeyTPM),
            Field("lockToState", Bool));

        public static ObjectShape EncryptionKeyKMS => Obj(
            Field("endpoint", Str));

        public static ObjectShape EncryptionKeyNodeID => Obj();

        public static ObjectShape EncryptionKeyStatic => Obj(
            Field("passphrase", Str));

        public static ObjectShape EncryptionKeyTPM => Obj(
            Field("checkSecurebootStatusOnEnroll", Bool),
            Field("options", EncryptionKeyTPMOptions).Since(1, 12));

        public static ObjectShape EncryptionKeyTPMOptions => Obj(
            Field("pcrs", ListOf(Int)));

        public static ObjectShape EncryptionSpec => Obj(
            Field("provider", Str),
            Field("keys", ListOf(EncryptionKey)),
            Field("cipher", Str),
            Field("keySize", Int),
            Field("blockSize", Int),
            Field("options", ListOf(Str)),
            Field("allowDiscards", Bool).Since(1, 14));

        public static ObjectShape ExistingMountSpec => Obj(
            Field("readOnly", Bool),
            Field("disableAccessTime", Bool).Since(1, 13),
            Field("secure", Bool).Since(1, 13));

        /// <summary>The <c>ExistingVolumeConfig</c> document.</summary>
        public static ObjectShape ExistingVolumeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("discovery", VolumeDiscoverySpec),
            Field("mount", ExistingMountSpec),
            Field("trim", TrimConfig).Since(1, 14),
            Field("scrub", ScrubConfig).Since(1, 14));

        public static ObjectShape ExternalMountSpec => Obj(
            Field("readOnly", Bool),
            Field("disableAccessTime", Bool),
            Field("secure", Bool),
            Field("virtiofs", VirtiofsMountSpec));

        /// <summary>The <c>ExternalVolumeConfig</c> document.</summary>
        public static ObjectShape ExternalVolumeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("filesystemType", Str),
            Field("mount", ExternalMountSpec));

        /// <summary>The <c>FilesystemScrubConfig</c> document.</summary>
        public static ObjectShape FilesystemScrubConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("interval", Str));

        public static ObjectShape FilesystemSpec => Obj(
            Field("type", Str),
            Field("projectQuotaSupport", Bool),
            Field("xfs", XFSSpec).Since(1, 14));

        /// <summary>The <c>FilesystemTrimConfig</c> document.</summary>
        public static ObjectShape FilesystemTrimConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("interval", Str));

        public static ObjectShape MountSpec => Obj(
            Field("readOnly", Bool).Until(1, 12),
            Field("secure", Bool).Since(1, 13),
            Field("disableAccessTime", Bool).Since(1, 14));

        public static ObjectShape ProvisioningSpec => Obj(
            Field("diskSelector", DiskSelector),
            Field("grow", Bool),
            Field("minSize", Str),
            Field("maxSize", Str));

        /// <summary>The <c>RawVolumeConfig</c> document.</summary>
        public static ObjectShape RawVolumeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("provisioning", ProvisioningSpec),
            Field("encryption", EncryptionSpec));

        public static ObjectShape ScrubConfig => Obj(
            Field("enabled", Bool),
            Field("interval", Str));

        /// <summary>The <c>SwapVolumeConfig</c> document.</summary>
        public static ObjectShape SwapVolumeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("provisioning", ProvisioningSpec),
            Field("encryption", EncryptionSpec));

        public static ObjectShape SystemVolumeFilesystemSpec => Obj(
            Field("xfs", XFSSpec));

        public static ObjectShape TrimConfig => Obj(
            Field("enabled", Bool),
            Field("interval", Str));

        public static ObjectShape UserMountSpec => Obj(
            Field("disableAccessTime", Bool),
            Field("secure", Bool));

        /// <summary>The <c>UserVolumeConfig</c> document.</summary>
        public static ObjectShape UserVolumeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("provisioning", ProvisioningSpec),
            Field("filesystem", FilesystemSpec),
            Field("encryption", EncryptionSpec),
            Field("volumeType", Str).Since(1, 12),
            Field("mount", UserMountSpec).Since(1, 13),
            Field("trim", TrimConfig).Since(1, 14),
            Field("scrub", ScrubConfig).Since(1, 14));

        public static ObjectShape VirtiofsMountSpec => Obj(
            Field("tag", Str));

        /// <summary>The <c>VolumeConfig</c> document.</summary>
        public static ObjectShape VolumeConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("provisioning", ProvisioningSpec),
            Field("encryption", EncryptionSpec),
            Field("mount", MountSpec).Since(1, 13),
            Field("filesystem", SystemVolumeFilesystemSpec).Since(1, 14),
            Field("trim", TrimConfig).Since(1, 14),
            Field("scrub", ScrubConfig).Since(1, 14));

        public static ObjectShape VolumeDiscoverySpec => Obj(
            Field("volumeSelector", VolumeSelector));

        public static ObjectShape VolumeSelector => Obj(
            Field("match", Str));

        public static ObjectShape XFSSpec => Obj(
            Field("minAllocationGroupSize", Str));

        /// <summary>The <c>ZswapConfig</c> document.</summary>
        public static ObjectShape ZswapConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("maxPoolPercent", Int),
            Field("shrinkerEnabled", Bool));
    }
}
