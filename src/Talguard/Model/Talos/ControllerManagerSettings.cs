namespace Talguard.Model.Talos;

/// <summary>The controller manager: <c>cluster.controllerManager</c> and the v1.14 <c>KubeControllerManagerConfig</c>.</summary>
public sealed class ControllerManagerSettings : ComponentSettings
{
    private ControllerManagerSettings(TalosConfigFile file)
        : base(file, KubeComponent.ControllerManager)
    {
    }

    public static ControllerManagerSettings Of(TalosConfigFile file) => file.View(static f => new ControllerManagerSettings(f));
}
