using System.CommandLine;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard verify BUNDLE</c>: judges evidence collected from running nodes (docs/verify.md).</summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var bundle = new Argument<string?>("BUNDLE") { Description = "Evidence bundle directory: manifest.json, talos/<resource>.json, kubernetes/<plural>.json", Arity = ArgumentArity.ZeroOrOne };
        var collection = new CollectCommand.CollectionOptions();
        var keepBundle = new Option<string?>("--keep-bundle") { Description = "With --talosconfig: write the collected bundle here (default: a temporary one, deleted)", HelpName = "DIR" };
        var extensions = new Option<string[]>("--expect-extensions")
        {
            Description = "The system extensions every node should run, space or comma separated (TG-LIVE-009 reports others and missing ones); without it extensions are not judged",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = true,
        };
        var expect = new Option<string>("--expect")
        {
            Description = "Configs in Git (a directory as scan reads it): report each difference of a node's running machine config that weakens security (TG-DRIFT-001; needs an admin bundle)",
            HelpName = "DIR",
        };
        var report = new ReportOptions(ReportOptions.DocumentFormats) { HtmlTitle = "Talguard verify report" };
        var command = new Command("verify", "Judge evidence collected from running Talos nodes: Secure Boot, SELinux, disk encryption, kernel sysctls, ingress firewall, extensions")
        {
            bundle, extensions, expect,
        };
        report.AddTo(command);
        collection.AddTo(command);
        command.Options.Add(keepBundle);
        command.SetAction(parse =>
        {
            using var evidence = CollectCommand.BundleForVerify(parse, collection, parse.GetValue(bundle), parse.GetValue(keepBundle));
            var path = evidence.Path;
            var verified = VerifyService.Verify(new VerifyRequest(path)
            {
                ExpectedExtensions = parse.GetResult(extensions) is null
                    ? null
                    : [.. parse.GetValue(extensions)!.SelectMany(names => names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                Expect = parse.GetValue(expect),
                FailOn = report.FailOnThreshold(parse),
            });
            report.Write(parse, verified.Report, parse.InvocationConfiguration.Output, [path], json => VerifyReportJson.WriteMembers(json, verified));
            return ExitCodes.For(verified.Outcome);
        });
        return command;
    }
}
