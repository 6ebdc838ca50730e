using System.CommandLine;
using System.Net;
using Talguard.Findings;
using Talguard.Hardening.Network;
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
        var secureBootImages = new Option<string[]>("--secureboot-image")
        {
            Description = "Image prefix also accepted as a Secure Boot installer, e.g. an imager-built registry.example.com/talos/installer (repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [],
        };
        var managementCidrs = new Option<string[]>("--management-cidr")
        {
            Description = "Management network apid should be reachable from, e.g. 192.168.1.0/24 or one address (repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [],
        };
        var report = new ReportOptions();
        var command = new Command("scan", "Scan Talos machine configs, patches and Kubernetes manifests for hardening gaps")
        {
            paths, talosVersion, kubernetesVersion, secureBootImages, managementCidrs,
        };
        report.AddTo(command);
        command.SetAction(parse =>
        {
            var options = new ScanOptions
            {
                Targets = new TargetOverrides(ParseVersion(parse.GetValue(talosVersion), "--talos-version"), ParseVersion(parse.GetValue(kubernetesVersion), "--kubernetes-version")),
                SecureBootImagePrefixes = parse.GetValue(secureBootImages) ?? [],
                ManagementNetworks = [.. (parse.GetValue(managementCidrs) ?? []).Select(ParseCidr)],
            };
            var files = InputLoader.Load(parse.GetValue(paths)!, Console.OpenStandardInput);
            var result = Scanner.Scan(files, options);
            return report.Emit(parse, result, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    /// <summary>A CIDR, or a single address taken as its /32 (/128).</summary>
    private static IPNetwork ParseCidr(string text) =>
        Cidr.TryParse(text, out var network) ? network
        : Cidr.TryParseAddress(text, out var address) ? Cidr.Host(address)
        : throw new UsageException($"--management-cidr: '{text}' is not a CIDR like 192.168.1.0/24");

    internal static TalosVersion? ParseVersion(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return TalosVersion.TryParse(text, out var version) ? version : throw new UsageException($"{option}: '{text}' is not a version like v1.13");
    }
}
