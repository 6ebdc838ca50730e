namespace Talguard.Model.Talos;

/// <summary>Whether the API server's authorizers are configured by Talos fields rather than by flags.</summary>
public static class ApiServerAuthorization
{
    /// <summary>
    /// True when <c>cluster.apiServer.authorizationConfig</c> is set in the main document, or a v1.14
    /// <c>KubeAuthorizerConfig</c> document declares an authorizer.
    /// </summary>
    public static bool IsConfigured(TalosConfigFile file) =>
        file.Main?.At("cluster", "apiServer", "authorizationConfig") is { IsNull: false } || file.OfKind("KubeAuthorizerConfig").Any();
}
