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
        public static ObjectShape Environment => Document(
            Field("variables", MapOf(Str)));

        /// <summary>The <c>EtcFileConfig</c> document.</summary>
        public static ObjectShape EtcFileConfig => Document(
            Field("name", Str),
            Field("mode", Int),
            Field("contents", Str));

        /// <summary>The <c>EventSinkConfig</c> document.</summary>
        public static ObjectShape EventSink => Document(
            Field("endpoint", Str));

        public static ObjectShape InstallerSpec => Obj(
            Field("image", Str));

        /// <summary>The <c>KernelModuleConfig</c> document.</summary>
        public static ObjectShape KernelModuleConfig => Document(
            Field("name", Str),
            Field("parameters", ListOf(Str)));

        /// <summary>The <c>KmsgLogConfig</c> document.</summary>
        public static ObjectShape KmsgLog => Document(
            Field("name", Str),
            Field("url", Str));

        /// <summary>The <c>OOMConfig</c> document.</summary>
        public static ObjectShape OOM => Document(
            Field("triggerExpression", Str),
            Field("cgroupRankingExpression", Str),
            Field("strictCgroupClassOrdering", Bool),
            Field("sampleInterval", Str));

        public static ObjectShape ProvisioningSpec => Obj(
            Field("diskSelector", DiskSelectorSpec),
            Field("wipe", Bool));

        /// <summary>The <c>SecurityProfileConfig</c> document.</summary>
        public static ObjectShape SecurityProfileConfig => Document(
            Field("workloadIsolation", Bool));

        /// <summary>The <c>SysctlConfig</c> document.</summary>
        public static ObjectShape SysctlConfig => Document(
            Field("params", MapOf(Str)));

        /// <summary>The <c>SysfsConfig</c> document.</summary>
        public static ObjectShape SysfsConfig => Document(
            Field("params", MapOf(Str)));

        /// <summary>The <c>UdevRulesConfig</c> document.</summary>
        public static ObjectShape UdevRulesConfig => Document(
            Field("rules", ListOf(Str)));

        /// <summary>The <c>UnattendedInstallConfig</c> document (the schemas say UnattendedInstall).</summary>
        public static ObjectShape UnattendedInstallConfig => Document(
            Field("reboot", Bool),
            Field("installer", InstallerSpec),
            Field("provisioning", ProvisioningSpec));

        /// <summary>The <c>WatchdogTimerConfig</c> document.</summary>
        public static ObjectShape WatchdogTimer => Document(
            Field("device", Str),
            Field("timeout", Str));
    }
}
