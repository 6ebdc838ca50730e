using System.CommandLine;

namespace Talguard.Cli.Commands;

/// <summary>Every verb of the CLI; one line per verb.</summary>
public static class CommandTree
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Talguard: generate, scan and verify the hardening of Talos Linux clusters.")
        {
            InitCommand.Create(),
            HardenCommand.Create(),
            ScanCommand.Create(),
            RulesCommand.Create(),
            PssCommand.Create(),
            SecureBootCommand.Create(),
            EtcdCommand.Create(),
            CertsCommand.Create(),
            VerifyCommand.Create(),
            CollectCommand.Create(),
            AuditCommand.Create(),
            TalosconfigCommand.Create(),
            KubeconfigCommand.Create(),
            RbacCommand.Create(),
            ComplianceCommand.Create(),
            CompletionCommand.Create(),
        };
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction();
        }

        return root;
    }
}
