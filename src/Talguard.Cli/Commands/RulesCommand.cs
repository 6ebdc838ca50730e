using System.CommandLine;
using Talguard.Findings;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard rules</c>: the whole catalog, not only what fired.</summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "List every rule Talguard knows");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var rule in RuleCatalog.Descriptors)
            {
                output.WriteLine($"{rule.Id,-13} {rule.Severity.ToName(),-8} {rule.Section.Id,-16} {rule.Title}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
