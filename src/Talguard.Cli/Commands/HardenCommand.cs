using System.CommandLine;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard harden --profile P --out DIR</c>: the hardened Talos patches and Kubernetes manifests of one profile.</summary>
public static class HardenCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile", "-p") { Description = "The profile (talguard init writes one)", Required = true, HelpName = "FILE" };
        var output = new Option<string>("--out")
        {
            Description = "The output directory: absent, empty or a previous harden output; written all at once, replacing the previous output",
            Required = true,
            HelpName = "DIR",
        };
        var bases = new Option<string[]>("--base")
        {
            Description = "A controlplane.yaml or worker.yaml to merge the hardening onto, into DIR/merged/NAME (repeatable)",
            DefaultValueFactory = _ => [],
            AllowMultipleArgumentsPerToken = false,
            HelpName = "FILE",
        };
        var diff = new Option<bool>("--diff") { Description = "Print what hardening changes in each --base as a unified diff (secrets redacted); stdout then holds only the diff" };
        var inlineSecrets = new Option<bool>("--inline-secrets")
        {
            Description = "Fill the ${TALGUARD_...} placeholders from same-named environment variables (files holding them become mode 0600)",
        };
        var force = new Option<bool>("--force") { Description = "Replace DIR even when it holds something other than a previous harden output" };
        var command = new Command("harden", "Generate the hardened Talos machine-config patches and Kubernetes manifests a profile describes")
        {
            profile, output, bases, diff, inlineSecrets, force,
        };
        command.SetAction(parse =>
        {
            var showDiff = parse.GetValue(diff);
            var baseFiles = parse.GetValue(bases)!;
            if (showDiff && baseFiles.Length == 0)
            {
                throw new UsageException("--diff shows what hardening changes in a --base: give at least one --base");
            }

            var result = HardenService.Run(new HardenRequest
            {
                Profile = parse.GetValue(profile)!,
                Output = parse.GetValue(output)!,
                Bases = baseFiles,
                InlineSecrets = parse.GetValue(inlineSecrets),
                Force = parse.GetValue(force),
                Environment = Environment.GetEnvironmentVariable,
            });
            var stdout = parse.InvocationConfiguration.Output;
            // With --diff, stdout is the diff alone (empty when nothing changes), so it can be piped or checked.
            var summary = showDiff ? parse.InvocationConfiguration.Error : stdout;
            summary.WriteLine($"wrote {result.Output}: {string.Join(", ", result.Files)}");
            if (result.Placeholders.Count > 0 && !parse.GetValue(inlineSecrets))
            {
                summary.WriteLine($"secrets as placeholders: {string.Join(", ", result.Placeholders)} (see secrets.env.example)");
            }

            if (showDiff)
            {
                foreach (var hardened in result.Bases)
                {
                    stdout.Write(hardened.Diff);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
