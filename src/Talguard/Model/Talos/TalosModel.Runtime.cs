using static Talguard.Model.Talos.TalosShapes;

namespace Talguard.Model.Talos;

public static partial class TalosModel
{
    /// <summary>Documents and types of the Talos <c>runtime</c> config package.</summary>
    private static class Runtime
    {
        public static ObjectShape DiskSelectorSpec => Obj(
            Field("match", Str));

        /// <summary>The <c>EnvironmentConfig</c> document.</summary>
        public static ObjectShape Environment => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("variables", MapOf(Str)));

        /// <summary>The <c>EtcFileConfig</c> document.</summary>
        public static ObjectShape EtcFileConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("mode", Int),
            Field("contents", Str));

        /// <summary>The <c>EventSinkConfig</c> document.</summary>
        public static ObjectShape EventSink => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("endpoint", Str));

        public static ObjectShape InstallerSpec => Obj(
            Field("image", Str));

        /// <summary>The <c>KernelModuleConfig</c> document.</summary>
        public static ObjectShape KernelModuleConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("parameters", ListOf(Str)));

        /// <summary>The <c>KmsgLogConfig</c> document.</summary>
        public static ObjectShape KmsgLog => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("name", Str),
            Field("url", Str));

        /// <summary>The <c>OOMConfig</c> document.</summary>
        public static ObjectShape OOM => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("triggerExpression", Str),
            Field("cgroupRankingExpression", Str),
            Field("strictCgroupClassOrdering", Bool),
            Field("sampleInterval", Str));

        public static ObjectShape ProvisioningSpec => Obj(
            Field("diskSelector", DiskSelectorSpec),
            Field("wipe", Bool));

        /// <summary>The <c>SecurityProfileConfig</c> document.</summary>
        public static ObjectShape SecurityProfileConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("workloadIsolation", Bool));

        /// <summary>The <c>SysctlConfig</c> document.</summary>
        public static ObjectShape SysctlConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("params", MapOf(Str)));

        /// <summary>The <c>SysfsConfig</c> document.</summary>
        public static ObjectShape SysfsConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("params", MapOf(Str)));

        /// <summary>The <c>UdevRulesConfig</c> document.</summary>
        public static ObjectShape UdevRulesConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("rules", ListOf(Str)));

        /// <summary>The <c>UnattendedInstallConfig</c> document (the schemas say UnattendedInstall).</summary>
        public static ObjectShape UnattendedInstallConfig => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("reboot", Bool),
            Field("installer", InstallerSpec),
            Field("provisioning", ProvisioningSpec));

        /// <summary>The <c>WatchdogTimerConfig</c> document.</summary>
        public static ObjectShape WatchdogTimer => Obj(
            Field("apiVersion", Str),
            Field("kind", Str),
            Field("device", Str),
            Field("timeout", Str));
    }
}
