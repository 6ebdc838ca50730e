using System.CommandLine;
using Talguard.Evidence.Collection;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary>
/// <c>talguard collect --talosconfig FILE [--context C] [--nodes IP...] [--kubeconfig FILE] [--admin] -o BUNDLE</c>:
/// writes an evidence bundle from a live cluster (docs/collect.md). Exit 0 complete, 4 partial, 2 unusable input.
/// </summary>
public static class CollectCommand
{
    /// <summary>The options collection shares with <c>verify --talosconfig</c>.</summary>
    internal sealed class CollectionOptions
    {
        public Option<string?> TalosConfig { get; } = new("--talosconfig")
        {
            Description = "The talosconfig to reach the cluster with (an os:reader one is enough; see docs/collect.md)",
            HelpName = "FILE",
        };

        public Option<string?> Context { get; } = new("--context") { Description = "The talosconfig context (default: its current context)", HelpName = "NAME" };

        public Option<string[]> Nodes { get; } = new("--nodes", "-n")
        {
            Description = "Nodes to collect from, space- or comma-separated (default: the context's nodes)",
            HelpName = "IP",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };

        public Option<string?> KubeConfig { get; } = new("--kubeconfig") { Description = "Also collect Kubernetes objects with kubectl and this kubeconfig", HelpName = "FILE" };

        public Option<bool> Admin { get; } = new("--admin") { Description = "Also collect what only os:admin may read: machine config and audit policy (redacted)" };

        public Option<string> Talosctl { get; } = new("--talosctl") { Description = "The talosctl to run", HelpName = "PATH", DefaultValueFactory = _ => "talosctl" };

        public Option<string> Kubectl { get; } = new("--kubectl") { Description = "The kubectl to run", HelpName = "PATH", DefaultValueFactory = _ => "kubectl" };

        public void AddTo(Command command)
        {
            command.Options.Add(TalosConfig);
            command.Options.Add(Context);
            command.Options.Add(Nodes);
            command.Options.Add(KubeConfig);
            command.Options.Add(Admin);
            command.Options.Add(Talosctl);
            command.Options.Add(Kubectl);
        }

        /// <summary>The request for <paramref name="output"/>; null when no --talosconfig was given.</summary>
        public CollectRequest? Request(ParseResult parse, string output)
        {
            if (parse.GetValue(TalosConfig) is not { } talosConfig)
            {
                return null;
            }

            return new CollectRequest(talosConfig, output)
            {
                Context = parse.GetValue(Context),
                Nodes = NodeList(parse.GetValue(Nodes)!),
                KubeConfig = parse.GetValue(KubeConfig),
                Admin = parse.GetValue(Admin),
                Talosctl = parse.GetValue(Talosctl)!,
                Kubectl = parse.GetValue(Kubectl)!,
            };
        }

        private static List<string> NodeList(string[] values)
        {
            var nodes = values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();
            return nodes.FirstOrDefault(n => n.StartsWith('-') || n.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) is { } bad
                ? throw new UsageException($"--nodes: '{bad}' is not a node address")
                : nodes;
        }
    }

    public static Command Create()
    {
        var options = new CollectionOptions();
        var output = new Option<string>("--output", "-o") { Description = "The bundle directory to create (must not exist, or be empty)", HelpName = "BUNDLE", Required = true };
        var command = new Command("collect", "Collect security evidence from a running Talos cluster into a bundle, with read-only (os:reader) rights");
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var request = options.Request(parse, parse.GetValue(output)!) ?? throw new UsageException("collect needs --talosconfig FILE");
            var result = CollectService.Collect(request);
            Report(result, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return result.IsComplete ? ExitCodes.Success : ExitCodes.PartialCollection;
        });
        return command;
    }

    /// <summary>
    /// The bundle <c>verify</c> judges: BUNDLE as given, or, with <c>--talosconfig</c>, one collected now into
    /// <paramref name="keep"/> or a private temporary directory deleted when the returned value is disposed. Collection
    /// notes go to stderr, as stdout carries the report.
    /// </summary>
    internal static VerifiedBundle BundleForVerify(ParseResult parse, CollectionOptions options, string? bundle, string? keep)
    {
        var temporary = keep is null ? Directory.CreateTempSubdirectory("talguard-evidence-").FullName : null;
        var request = options.Request(parse, keep ?? Path.Combine(temporary ?? string.Empty, "bundle"));
        if ((request is null) == (bundle is null) || (request is null && keep is not null))
        {
            DeleteQuietly(temporary);
            throw new UsageException("verify takes a BUNDLE, or --talosconfig FILE to collect one (--keep-bundle DIR keeps it)");
        }

        if (request is null)
        {
            DeleteQuietly(temporary);
            return new VerifiedBundle(bundle!, null);
        }

        try
        {
            var error = parse.InvocationConfiguration.Error;
            Report(CollectService.Collect(request), error, error);
            return new VerifiedBundle(request.Output, temporary);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>A bundle to verify; a temporary one is deleted on dispose.</summary>
    internal sealed class VerifiedBundle(string path, string? temporary) : IDisposable
    {
        public string Path { get; } = path;

        public void Dispose() => DeleteQuietly(temporary);
    }

    private static void DeleteQuietly(string? directory)
    {
        try
        {
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary directory left behind holds only redacted evidence, in the user's private temp space.
        }
    }

    /// <summary>What was collected on stdout; each refusal on stderr, as a line a log keeps.</summary>
    internal static void Report(CollectResult result, TextWriter stdout, TextWriter stderr)
    {
        stdout.WriteLine($"collected {result.Files.Count - 1} files from {result.Nodes.Count} node(s) with {result.Role} rights (talosctl {result.TalosctlVersion}) into {result.Bundle}");
        foreach (var node in result.Nodes)
        {
            stdout.WriteLine($"  {node.Address}  {node.Role}  {node.TalosVersion}");
        }

        // One line per node and error: a node that is down refuses every resource for the same reason.
        foreach (var refusals in result.Refused.GroupBy(r => (r.Node, r.Error)))
        {
            var resources = string.Join(", ", refusals.Select(r => r.Resource));
            stderr.WriteLine($"talguard: not collected from {refusals.Key.Node ?? "kubernetes"}: {resources}: {refusals.Key.Error}");
        }

        if (!result.IsComplete)
        {
            stderr.WriteLine($"talguard: the bundle is partial: {result.Refused.Count} resource(s) not collected (listed in its manifest.json)");
        }
    }
}
