using System.CommandLine;
using System.Globalization;
using Talguard.Credentials;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard talosconfig new</c>: a role-scoped talosconfig signed offline with the cluster's Talos API CA.</summary>
public static class TalosconfigCommand
{
    public static Command Create() => new("talosconfig", "Talos client configurations (talosconfig files)")
    {
        CreateNew(),
    };

    private static Command CreateNew()
    {
        var secrets = CredentialOptions.Secrets();
        var roles = new Option<string[]>("--role", "--roles")
        {
            Description = "Talos roles for the certificate's O= values, comma-separated or repeated: " + string.Join(", ", TalosconfigNewService.KnownRoles),
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var ttl = CredentialOptions.Ttl();
        var context = new Option<string>("--context") { Description = "The context name (also the certificate's CN)", DefaultValueFactory = _ => "talguard" };
        var endpoints = new Option<string[]>("--endpoints", "-e")
        {
            Description = "Talos API endpoints (IPs or host names; space- or comma-separated)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var nodes = new Option<string[]>("--nodes", "-n") { Description = "Default target nodes", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var output = CredentialOptions.Output("talosconfig");
        var force = CredentialOptions.Force();
        var command = new Command("new", "Write a talosconfig whose Ed25519 client certificate carries only the given roles, signed by the OS CA of a secrets bundle")
        {
            secrets, roles, ttl, context, endpoints, nodes, output, force,
        };
        command.SetAction(parse =>
        {
            var request = new TalosconfigNewRequest(
                parse.GetValue(secrets)!, Roles(parse.GetValue(roles)!), ContextName(parse.GetValue(context)!), CredentialOptions.List(parse.GetValue(endpoints)!, "--endpoints"), parse.GetValue(output)!)
            {
                Nodes = CredentialOptions.List(parse.GetValue(nodes)!, null),
                Lifetime = CredentialOptions.Lifetime(parse.GetValue(ttl)!),
                Force = parse.GetValue(force),
            };
            OutputTarget.EnsureNotAnInput(request.Output, "-o", [request.Secrets]);
            var issued = TalosconfigNewService.Create(request);
            CredentialOptions.Report(parse.InvocationConfiguration.Output, issued, "roles");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string[] Roles(string[] given)
    {
        var roles = CredentialOptions.List(given, "--role");
        foreach (var role in roles)
        {
            if (!TalosconfigNewService.KnownRoles.Contains(role, StringComparer.Ordinal))
            {
                throw new UsageException($"--role: '{role}' is not a Talos role; use {string.Join(", ", TalosconfigNewService.KnownRoles)}");
            }
        }

        return roles;
    }

    private static string ContextName(string name) =>
        name.Length > 0 && !name.Any(char.IsControl) ? name : throw new UsageException("--context: give a non-empty name without control characters");
}

/// <summary>Options and output shared by <c>talosconfig new</c> and <c>kubeconfig new</c>.</summary>
internal static class CredentialOptions
{
    public static Option<string> Secrets() => new("--secrets")
    {
        Description = "A talosctl gen secrets bundle (secrets.yaml) or a control-plane machine config holding the CA keys",
        Required = true,
        HelpName = "FILE",
    };

    public static Option<string> Ttl() => new("--ttl")
    {
        Description = "Certificate lifetime: Go duration (24h, 8760h, 1h30m) or days (30d)",
        DefaultValueFactory = _ => "8760h",
    };

    public static Option<string> Output(string what) => new("--output", "-o")
    {
        Description = $"The {what} file to write (mode 0600; an existing file is refused unless --force)",
        Required = true,
        HelpName = "FILE",
    };

    public static Option<bool> Force() => new("--force") { Description = "Replace the output file if it exists" };

    public static TimeSpan Lifetime(string text) =>
        CertificateLifetime.Parse(text) ?? throw new UsageException($"--ttl: '{text}' is not a positive duration such as 24h, 8760h or 30d");

    /// <summary>Values given repeated or comma-separated, blanks dropped, first occurrence kept; at least one when <paramref name="option"/> is named.</summary>
    public static string[] List(string[] given, string? option)
    {
        string[] values = [.. given.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal)];
        return values.Length > 0 || option is null ? values : throw new UsageException($"{option}: give at least one value");
    }

    /// <summary>What was written, without any key material.</summary>
    public static void Report(TextWriter output, IssuedCertificate issued, string organizationsAre)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine($"wrote {issued.Output} (mode 0600), context {issued.Context}");
        output.WriteLine($"  subject   CN={issued.CommonName}, {organizationsAre}: {(issued.Organizations.Count == 0 ? "(none)" : string.Join(", ", issued.Organizations))}");
        output.WriteLine($"  key       {issued.KeyType}");
        output.WriteLine($"  issuer    {issued.Issuer}");
        output.WriteLine($"  serial    {issued.Serial}");
        output.WriteLine(string.Create(culture, $"  valid     {issued.NotBefore:yyyy-MM-dd HH:mm:ss}Z to {issued.NotAfter:yyyy-MM-dd HH:mm:ss}Z"));
    }
}
