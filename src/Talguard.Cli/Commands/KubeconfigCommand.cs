using System.CommandLine;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard kubeconfig new</c>: a kubeconfig for one user and its groups, signed offline with the cluster's Kubernetes CA.</summary>
public static class KubeconfigCommand
{
    public static Command Create() => new("kubeconfig", "Kubernetes client configurations (kubeconfig files)")
    {
        CreateNew(),
    };

    private static Command CreateNew()
    {
        var secrets = CredentialOptions.Secrets();
        var user = new Option<string>("--user", "-u") { Description = "The user name (the certificate's CN)", Required = true };
        var groups = new Option<string[]>("--group", "-g")
        {
            Description = "Groups (the certificate's O= values; comma-separated or repeated). RBAC bindings name them",
            DefaultValueFactory = _ => [],
            AllowMultipleArgumentsPerToken = false,
        };
        var ttl = CredentialOptions.Ttl();
        var server = new Option<string?>("--server") { Description = "API server URL (default: cluster.controlPlane.endpoint of a machine config given as --secrets)", HelpName = "URL" };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster name in the kubeconfig (default: cluster.clusterName of a machine config, else kubernetes)", HelpName = "NAME" };
        var output = CredentialOptions.Output("kubeconfig");
        var force = CredentialOptions.Force();
        var command = new Command("new", "Write a kubeconfig whose client certificate names the user (CN) and groups (O), signed by the Kubernetes CA of a secrets bundle")
        {
            secrets, user, groups, ttl, server, cluster, output, force,
        };
        command.SetAction(parse =>
        {
            var userName = parse.GetValue(user)!;
            if (userName.Length == 0 || userName.Any(char.IsControl))
            {
                throw new UsageException("--user: give a non-empty name without control characters");
            }

            var request = new KubeconfigNewRequest(parse.GetValue(secrets)!, userName, CredentialOptions.List(parse.GetValue(groups)!, null), parse.GetValue(output)!)
            {
                Server = Server(parse.GetValue(server)),
                Cluster = parse.GetValue(cluster),
                Lifetime = CredentialOptions.Lifetime(parse.GetValue(ttl)!),
                Force = parse.GetValue(force),
            };
            OutputTarget.EnsureNotAnInput(request.Output, "-o", [request.Secrets]);
            var issued = KubeconfigNewService.Create(request);
            CredentialOptions.Report(parse.InvocationConfiguration.Output, issued, "groups");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? Server(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new UsageException($"--server: '{url}' is not an https:// URL");
}
