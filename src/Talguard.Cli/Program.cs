using Talguard.Cli;
using Talguard.Cli.Commands;

return CliRunner.Run(CommandTree.Create(), args, Console.Out, Console.Error);
