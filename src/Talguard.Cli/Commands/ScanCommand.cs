using System.CommandLine;
using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard scan PATH...</c>: every rule over Talos configs and Kubernetes manifests.</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories to scan (*.yaml, *.yml, recursively); - reads standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        var talosVersion = new Option<string?>("--talos-version") { Description = "Target Talos version (default: the install image tag, else v1.13)" };
        var kubernetesVersion = new Option<string?>("--kubernetes-version") { Description = "Target Kubernetes version (default: the apiServer/kubelet image tag, else v1.34)" };
        var report = new ReportOptions();
        var command = new Command("scan", "Scan Talos machine configs, patches and Kubernetes manifests for hardening gaps") { paths, talosVersion, kubernetesVersion };
        report.AddTo(command);
        report.AddExceptionsTo(command);
        command.SetAction(parse =>
        {
            var scanned = parse.GetValue(paths)!;
            var options = new ScanOptions
            {
                Targets = new TargetOverrides(ParseVersion(parse.GetValue(talosVersion), "--talos-version"), ParseVersion(parse.GetValue(kubernetesVersion), "--kubernetes-version")),
                Exceptions = report.LoadExceptions(parse, scanned),
            };
            var files = InputLoader.Load(scanned, Console.OpenStandardInput);
            var result = Scanner.Scan(files, options);
            return report.Emit(parse, result, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    internal static TalosVersion? ParseVersion(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return TalosVersion.TryParse(text, out var version) ? version : throw new UsageException($"{option}: '{text}' is not a version like v1.13");
    }
}
