using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>container</c> config package.</summary>
    private static class Container
    {
        public static ObjectShape ContainerCapabilities => Obj(
            Field("add", ListOf(Str)),
            Field("drop", ListOf(Str)));

        /// <summary>The <c>ContainerConfig</c> document.</summary>
        public static ObjectShape ContainerConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("image", Str),
            Field("entrypoint", ListOf(Str)),
            Field("args", ListOf(Str)),
            Field("workingDir", Str),
            Field("runAs", ContainerRunAs),
            Field("environment", ListOf(Str)),
            Field("mounts", ListOf(ContainerMount)),
            Field("security", ContainerSecurity),
            Field("network", ContainerNetwork),
            Field("resources", ContainerResources),
            Field("dependsOn", ContainerDependsOn));

        public static ObjectShape ContainerDependsOn => Obj(
            Field("paths", ListOf(Str)),
            Field("networks", Str),
            Field("time", Bool),
            Field("containers", ListOf(Str)));

        public static ObjectShape ContainerMount => Obj(
            Field("userVolume", UserVolumeMount),
            Field("tmpfs", TmpfsMount),
            Field("hostPath", HostPathMount));

        public static ObjectShape ContainerNetwork => Obj(
            Field("mode", Str));

        public static ObjectShape ContainerResourceLimits => Obj(
            Field("cpu", Str),
            Field("memory", Str));

        public static ObjectShape ContainerResources => Obj(
            Field("limits", ContainerResourceLimits));

        public static ObjectShape ContainerRunAs => Obj(
            Field("uid", Int),
            Field("gid", Int));

        public static ObjectShape ContainerSecurity => Obj(
            Field("profile", Str),
            Field("capabilities", ContainerCapabilities));

        public static ObjectShape HostPathMount => Obj(
            Field("source", Str),
            Field("destination", Str),
            Field("options", ListOf(Str)));

        public static ObjectShape TmpfsMount => Obj(
            Field("destination", Str),
            Field("size", Str),
            Field("options", ListOf(Str)));

        public static ObjectShape UserVolumeMount => Obj(
            Field("name", Str),
            Field("destination", Str),
            Field("options", Str));
    }
}
