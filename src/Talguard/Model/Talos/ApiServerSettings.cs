namespace Talguard.Model.Talos;

/// <summary>The API server: <c>cluster.apiServer</c> and the v1.14 <c>KubeAPIServerConfig</c>.</summary>
public sealed class ApiServerSettings : ComponentSettings
{
    private ApiServerSettings(TalosConfigFile file)
        : base(file, KubeComponent.ApiServer)
    {
        CertSans = [.. Read("certSANs", "certExtraSANs")];
    }

    /// <summary>The extra certificate SANs (<c>certSANs</c>; <c>certExtraSANs</c> in the split document).</summary>
    public IReadOnlyList<SettingValue> CertSans { get; }

    public static ApiServerSettings Of(TalosConfigFile file) => file.View(static f => new ApiServerSettings(f));
}
