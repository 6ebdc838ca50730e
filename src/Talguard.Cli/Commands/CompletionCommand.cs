using System.CommandLine;
using System.CommandLine.Completions;
using System.Text;

namespace Talguard.Cli.Commands;

/// <summary>
/// <c>talguard completion bash|zsh|fish|pwsh</c>: a completion script for verbs, options and their fixed values,
/// generated from the command tree at run time, so it lists exactly what this build accepts.
/// </summary>
public static class CompletionCommand
{
    public static readonly string[] Shells = ["bash", "zsh", "fish", "pwsh"];

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "Shell to complete in: " + string.Join('|', Shells) };
        shell.AcceptOnlyFromAmong(Shells);
        var command = new Command(
            "completion",
            "Print a shell completion script (bash: source <(talguard completion bash); zsh: source <(talguard completion zsh) after compinit; " +
            "fish: talguard completion fish | source; pwsh: talguard completion pwsh | Out-String | Invoke-Expression)")
        {
            shell,
        };
        command.SetAction(parse =>
        {
            var nodes = CompletionNode.Collect(parse.RootCommandResult.Command);
            parse.InvocationConfiguration.Output.Write(Script(parse.GetValue(shell)!, nodes));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Script(string shell, IReadOnlyList<CompletionNode> nodes) => shell switch
    {
        "zsh" => Zsh(nodes),
        "fish" => Fish(nodes),
        "pwsh" => PowerShell(nodes),
        _ => Bash(nodes),
    };

    private static string Bash(IReadOnlyList<CompletionNode> nodes)
    {
        var script = new StringBuilder()
            .Append("# bash completion for talguard, generated from its command tree by `talguard completion bash`.\n")
            .Append("# Load it with: source <(talguard completion bash)\n")
            .Append("_talguard()\n{\n")
            .Append("    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" cmdpath=talguard word i\n")
            .Append("    for (( i = 1; i < COMP_CWORD; i++ )); do\n")
            .Append("        word=\"${COMP_WORDS[i]}\"\n")
            .Append("        case \"$cmdpath $word\" in\n")
            .Append("            ").Append(Alternatives(nodes.Skip(1).Select(n => n.Path))).Append(") cmdpath=\"$cmdpath $word\" ;;\n")
            .Append("        esac\n    done\n")
            .Append("    case \"$cmdpath|$prev\" in\n");
        foreach (var node in nodes)
        {
            foreach (var option in node.Options.Where(o => o.TakesValue))
            {
                var reply = option.Values.Count > 0 ? $"COMPREPLY=($(compgen -W '{Words(option.Values)}' -- \"$cur\"))" : "COMPREPLY=($(compgen -f -- \"$cur\"))";
                script.Append("        ").Append(Alternatives(option.Names.Select(n => $"{node.Path}|{n}"))).Append(") ").Append(reply).Append("; return ;;\n");
            }
        }

        script.Append("    esac\n")
            .Append("    local flags=\"\" choices=\"\" files=0\n")
            .Append("    case \"$cmdpath\" in\n");
        foreach (var node in nodes)
        {
            script.Append("        '").Append(node.Path).Append("') flags='").Append(Words(node.Options.SelectMany(o => o.Names)))
                .Append("'; choices='").Append(Words(node.Choices)).Append("'; files=").Append(node.TakesFiles ? 1 : 0).Append(" ;;\n");
        }

        return script.Append("    esac\n")
            .Append("    if [[ \"$cur\" == -* ]]; then\n")
            .Append("        COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"))\n")
            .Append("    elif (( files )); then\n")
            .Append("        COMPREPLY=($(compgen -f -- \"$cur\"))\n")
            .Append("    else\n")
            .Append("        COMPREPLY=($(compgen -W \"$choices\" -- \"$cur\"))\n")
            .Append("    fi\n}\n")
            .Append("complete -o filenames -o bashdefault -F _talguard talguard\n")
            .ToString();
    }

    private static string Zsh(IReadOnlyList<CompletionNode> nodes)
    {
        // zsh's completion system owns $words, $options and $path: the names below avoid them.
        var script = new StringBuilder()
            .Append("#compdef talguard\n")
            .Append("# zsh completion for talguard, generated from its command tree by `talguard completion zsh`.\n")
            .Append("# Load it with: source <(talguard completion zsh)   (after compinit)\n")
            .Append("_talguard() {\n")
            .Append("    local cmdpath=talguard word prev=${words[CURRENT-1]} cur=${words[CURRENT]} i\n")
            .Append("    local -a flags choices\n")
            .Append("    local files=0\n")
            .Append("    for (( i = 2; i < CURRENT; i++ )); do\n")
            .Append("        word=${words[i]}\n")
            .Append("        case \"$cmdpath $word\" in\n")
            .Append("            (").Append(Alternatives(nodes.Skip(1).Select(n => n.Path))).Append(") cmdpath=\"$cmdpath $word\" ;;\n")
            .Append("        esac\n    done\n")
            .Append("    case \"$cmdpath|$prev\" in\n");
        foreach (var node in nodes)
        {
            foreach (var option in node.Options.Where(o => o.TakesValue))
            {
                var reply = option.Values.Count > 0 ? $"compadd -- {Words(option.Values)}" : "_files";
                script.Append("        (").Append(Alternatives(option.Names.Select(n => $"{node.Path}|{n}"))).Append(") ").Append(reply).Append("; return ;;\n");
            }
        }

        script.Append("    esac\n")
            .Append("    case \"$cmdpath\" in\n");
        foreach (var node in nodes)
        {
            script.Append("        ('").Append(node.Path).Append("') flags=(").Append(Words(node.Options.SelectMany(o => o.Names)))
                .Append("); choices=(").Append(Words(node.Choices)).Append("); files=").Append(node.TakesFiles ? 1 : 0).Append(" ;;\n");
        }

        return script.Append("    esac\n")
            .Append("    if [[ $cur == -* ]]; then\n")
            .Append("        compadd -- \"${flags[@]}\"\n")
            .Append("    elif (( files )); then\n")
            .Append("        _files\n")
            .Append("    else\n")
            .Append("        compadd -- \"${choices[@]}\"\n")
            .Append("    fi\n}\n")
            .Append("compdef _talguard talguard\n")
            .ToString();
    }

    private static string Fish(IReadOnlyList<CompletionNode> nodes)
    {
        var script = new StringBuilder()
            .Append("# fish completion for talguard, generated from its command tree by `talguard completion fish`.\n")
            .Append("# Load it with: talguard completion fish | source\n")
            .Append("function __talguard_path\n")
            .Append("    set -l tokens (commandline -opc)\n")
            .Append("    set -e tokens[1]\n")
            .Append("    set -l cmdpath talguard\n")
            .Append("    for word in $tokens\n")
            .Append("        switch \"$cmdpath $word\"\n")
            .Append("            case ").Append(string.Join(' ', nodes.Skip(1).Select(n => $"'{n.Path}'"))).Append('\n')
            .Append("                set cmdpath \"$cmdpath $word\"\n")
            .Append("        end\n    end\n")
            .Append("    echo $cmdpath\n")
            .Append("end\n")
            .Append("complete -c talguard -f\n");
        foreach (var node in nodes)
        {
            var condition = $"-n 'test (__talguard_path) = \"{node.Path}\"'";
            if (node.Choices.Count > 0)
            {
                script.Append($"complete -c talguard {condition} -a '{Words(node.Choices)}'\n");
            }

            if (node.TakesFiles)
            {
                script.Append($"complete -c talguard {condition} -F\n");
            }

            foreach (var option in node.Options)
            {
                script.Append($"complete -c talguard {condition}");
                foreach (var name in option.Names)
                {
                    script.Append(name.StartsWith("--", StringComparison.Ordinal) ? $" -l {name[2..]}" : $" -s {name[1..]}");
                }

                script.Append(!option.TakesValue ? string.Empty : option.Values.Count > 0 ? $" -x -a '{Words(option.Values)}'" : " -r -F");
                script.Append(option.Description is { Length: > 0 } description ? $" -d '{FishQuoted(description)}'" : string.Empty).Append('\n');
            }
        }

        return script.ToString();
    }

    private static string PowerShell(IReadOnlyList<CompletionNode> nodes)
    {
        var script = new StringBuilder()
            .Append("# PowerShell completion for talguard, generated from its command tree by `talguard completion pwsh`.\n")
            .Append("# Load it with: talguard completion pwsh | Out-String | Invoke-Expression\n")
            .Append("Register-ArgumentCompleter -Native -CommandName talguard -ScriptBlock {\n")
            .Append("    param($wordToComplete, $commandAst, $cursorPosition)\n")
            .Append("    $subcommands = @{\n");
        foreach (var node in nodes)
        {
            script.Append($"        '{node.Path}' = @({PowerShellList(node.Subcommands)})\n");
        }

        script.Append("    }\n    $flags = @{\n");
        foreach (var node in nodes)
        {
            script.Append($"        '{node.Path}' = @({PowerShellList(node.Options.SelectMany(o => o.Names))})\n");
        }

        script.Append("    }\n    $choices = @{\n");
        foreach (var node in nodes)
        {
            script.Append($"        '{node.Path}' = @({PowerShellList(node.Choices)})\n");
        }

        script.Append("    }\n    $values = @{\n");
        foreach (var node in nodes)
        {
            foreach (var option in node.Options.Where(o => o.TakesValue && o.Values.Count > 0))
            {
                foreach (var name in option.Names)
                {
                    script.Append($"        '{node.Path}|{name}' = @({PowerShellList(option.Values)})\n");
                }
            }
        }

        return script.Append("    }\n")
            .Append("    $typed = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.ToString() })\n")
            .Append("    if ($wordToComplete -ne '') { $typed = @($typed | Select-Object -First ($typed.Count - 1)) }\n")
            .Append("    $cmdpath = 'talguard'\n")
            .Append("    foreach ($word in @($typed | Select-Object -Skip 1)) {\n")
            .Append("        if ($subcommands[$cmdpath] -contains $word) { $cmdpath = \"$cmdpath $word\" }\n")
            .Append("    }\n")
            .Append("    $prev = if ($typed.Count -gt 0) { $typed[-1] } else { '' }\n")
            .Append("    $candidates = if ($values.ContainsKey(\"$cmdpath|$prev\")) { $values[\"$cmdpath|$prev\"] }\n")
            .Append("        elseif ($wordToComplete.StartsWith('-')) { $flags[$cmdpath] }\n")
            .Append("        else { $choices[$cmdpath] }\n")
            .Append("    $candidates | Where-Object { $_ -like \"$wordToComplete*\" } | ForEach-Object {\n")
            .Append("        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)\n")
            .Append("    }\n")
            .Append("}\n")
            .ToString();
    }

    private static string Alternatives(IEnumerable<string> patterns) => string.Join('|', patterns.Select(p => $"'{p}'"));

    private static string Words(IEnumerable<string> words) => string.Join(' ', words);

    private static string PowerShellList(IEnumerable<string> words) => string.Join(", ", words.Select(w => $"'{w}'"));

    private static string FishQuoted(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}

/// <summary>What a completion script knows of one command: its path, subcommands, options and what its arguments take.</summary>
internal sealed record CompletionNode(string Path, IReadOnlyList<string> Subcommands, IReadOnlyList<CompletionOption> Options, IReadOnlyList<string> ArgumentValues, bool TakesFiles)
{
    /// <summary>The words offered where an argument goes: subcommands, else the argument's fixed values.</summary>
    public IReadOnlyList<string> Choices => [.. Subcommands, .. ArgumentValues];

    /// <summary>Every visible command of the tree, parents before children, in declaration order.</summary>
    public static IReadOnlyList<CompletionNode> Collect(Command root)
    {
        var nodes = new List<CompletionNode>();
        Visit(root, "talguard", [], nodes);
        return nodes;
    }

    private static void Visit(Command command, string path, IReadOnlyList<Option> inherited, List<CompletionNode> nodes)
    {
        var options = command.Options.Where(o => !o.Hidden).Concat(inherited.Where(o => !command.Options.Contains(o))).ToList();
        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        var argumentValues = command.Arguments.Where(a => a.ValueType != typeof(bool)).SelectMany(Values).ToList();
        nodes.Add(new CompletionNode(
            path,
            [.. subcommands.Select(c => c.Name)],
            [.. options.Select(CompletionOption.Of).Where(o => o.Names.Count > 0)],
            argumentValues,
            command.Arguments.Count > 0 && argumentValues.Count == 0));
        var recursive = inherited.Concat(command.Options.Where(o => o.Recursive && !o.Hidden)).Distinct().ToList();
        foreach (var subcommand in subcommands)
        {
            Visit(subcommand, path + " " + subcommand.Name, recursive, nodes);
        }
    }

    private static IEnumerable<string> Values(Argument argument) => argument.GetCompletions(CompletionContext.Empty).Select(c => Checked(c.Label));

    /// <summary>Scripts quote words with single quotes and split lists on spaces: a word is letters, digits and <c>._:/@+-</c>.</summary>
    internal static string Checked(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '/' or '@' or '+' or '-')
            ? word
            : throw new InvalidOperationException($"completion word '{word}' needs quoting the scripts do not do");
}

/// <summary>An option as a completion script offers it: its dash names, whether a value follows, and the fixed values.</summary>
internal sealed record CompletionOption(IReadOnlyList<string> Names, bool TakesValue, IReadOnlyList<string> Values, string? Description)
{
    public static CompletionOption Of(Option option)
    {
        // Help answers to -? and /? too; scripts offer the names a user types in these shells.
        var names = option.Aliases.Prepend(option.Name).Distinct()
            .Where(n => (n.StartsWith("--", StringComparison.Ordinal) && n.Length > 2) || (n.Length == 2 && n[0] == '-' && char.IsAsciiLetterOrDigit(n[1])))
            .Select(CompletionNode.Checked).ToList();
        // A flag: a bool (--merge), or an option that takes no value at all (--help, --version).
        var takesValue = option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;
        var values = takesValue ? option.GetCompletions(CompletionContext.Empty).Select(c => CompletionNode.Checked(c.Label)).ToList() : [];
        return new CompletionOption(names, takesValue, values, option.Description);
    }
}
