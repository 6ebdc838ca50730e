using System.CommandLine;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard init</c>: writes a commented hardening profile (docs/profile.md), or its JSON schema.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"The file to write (default: {InitService.DefaultOutput}; with --schema, standard output); - writes to standard output",
            HelpName = "FILE",
        };
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists" };
        var schema = new Option<bool>("--schema") { Description = "Write the profile's JSON schema (for editors) instead of a profile" };
        var from = new Option<string[]>("--from")
        {
            Description = "Fill the profile from an existing cluster: controlplane.yaml, worker.yaml or talconfig.yaml (repeatable)",
            HelpName = "FILE",
            DefaultValueFactory = _ => [],
        };
        var command = new Command("init", "Write a commented hardening profile for `talguard harden`: the strongest settings, or filled from existing configs with --from")
        {
            output, force, schema, from,
        };
        command.SetAction(parse =>
        {
            var sources = parse.GetValue(from)!;
            var wantsSchema = parse.GetValue(schema);
            if (wantsSchema && sources.Length > 0)
            {
                throw new UsageException("--schema and --from exclude each other: the schema is the same for every profile");
            }

            var target = parse.GetValue(output) is { Length: > 0 } given ? given : wantsSchema ? InitService.StandardOutput : InitService.DefaultOutput;
            var result = InitService.Run(new InitRequest(target) { Force = parse.GetValue(force), Schema = wantsSchema, From = sources });
            var stdout = parse.InvocationConfiguration.Output;
            if (result.WrittenTo is null)
            {
                stdout.Write(result.Content);
                return ExitCodes.Success;
            }

            var todos = result.Content.Split('\n').Count(line => line.TrimStart().StartsWith("# CHECK:", StringComparison.Ordinal));
            stdout.WriteLine(todos == 0 ? $"Wrote {result.WrittenTo}" : $"Wrote {result.WrittenTo}: {todos} fields to check (lines with CHECK)");
            return ExitCodes.Success;
        });
        return command;
    }
}
