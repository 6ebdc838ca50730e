namespace Talguard.Model.Talos;

/// <summary>Whether the API server's authorizers are configured by the Talos field rather than by flags.</summary>
public static class ApiServerAuthorization
{
    /// <summary>
    /// True when <c>cluster.apiServer.authorizationConfig</c> is set in the main document (full config or bare patch);
    /// Talos then refuses the <c>authorization-mode</c> and <c>authorization-webhook-*</c> flags.
    /// </summary>
    public static bool IsConfigured(TalosConfigFile file) =>
        file.Main?.At("cluster", "apiServer", "authorizationConfig") is { IsNull: false };
}
