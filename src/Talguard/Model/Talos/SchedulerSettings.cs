namespace Talguard.Model.Talos;

/// <summary>The scheduler: <c>cluster.scheduler</c> and the v1.14 <c>KubeSchedulerConfig</c>.</summary>
public sealed class SchedulerSettings : ComponentSettings
{
    private SchedulerSettings(TalosConfigFile file)
        : base(file, KubeComponent.Scheduler)
    {
    }

    public static SchedulerSettings Of(TalosConfigFile file) => file.View(static f => new SchedulerSettings(f));
}
