using System.CommandLine;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary><c>talguard rbac who-can|explain</c>: RBAC questions answered from Roles, ClusterRoles and bindings in manifests.</summary>
public static class RbacCommand
{
    public static Command Create() => new("rbac", "Answer Kubernetes RBAC questions from the Roles, ClusterRoles and bindings in manifests (aggregation resolved)")
    {
        CreateWhoCan(),
        CreateExplain(),
    };

    private static Argument<string[]> PathsArgument() => new("PATH") { Description = "Manifest files or directories (kubectl get ... -o yaml output and Lists too)", Arity = ArgumentArity.OneOrMore };

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format: table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    private static Command CreateWhoCan()
    {
        var verb = new Argument<string>("VERB") { Description = "get, list, watch, create, update, patch, delete, deletecollection, escalate, bind, impersonate, ... (or an HTTP verb for a URL)" };
        var resource = new Argument<string>("RESOURCE") { Description = "A resource, with a subresource as pods/exec, or a non-resource URL starting with / (/metrics)" };
        var paths = PathsArgument();
        var ns = new Option<string?>("--namespace", "-n") { Description = "Only grants that hold in this namespace (default: any namespace)", HelpName = "NS" };
        var group = new Option<string?>("--api-group") { Description = "API group of the resource (default: the group of a well-known resource, else core)", HelpName = "GROUP" };
        var format = FormatOption();
        var command = new Command("who-can", "Every subject the manifests allow VERB on RESOURCE, with the binding chain") { verb, resource, paths, ns, group, format };
        command.SetAction(parse =>
        {
            var request = new RbacWhoCanRequest(NonEmpty(parse.GetValue(verb)!, "VERB"), NonEmpty(parse.GetValue(resource)!, "RESOURCE"), parse.GetValue(paths)!)
            {
                Namespace = parse.GetValue(ns),
                ApiGroup = parse.GetValue(group),
            };
            var result = RbacService.WhoCan(request);
            parse.InvocationConfiguration.Output.Write(parse.GetValue(format) == "json" ? RbacReportWriter.WhoCanJson(result) + "\n" : RbacReportWriter.WhoCanText(result));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateExplain()
    {
        var subject = new Argument<string>("SUBJECT") { Description = "User:NAME, Group:NAME or ServiceAccount:NAMESPACE:NAME (or system:serviceaccount:NAMESPACE:NAME)" };
        var paths = PathsArgument();
        var format = FormatOption();
        var command = new Command("explain", "Everything the manifests grant SUBJECT (directly or through its groups), rule by rule, with the binding chain") { subject, paths, format };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(subject)!;
            var parsed = RbacSubject.Parse(text)
                ?? throw new UsageException($"SUBJECT: '{text}' is not User:NAME, Group:NAME or ServiceAccount:NAMESPACE:NAME");
            var result = RbacService.Explain(new RbacExplainRequest(parsed, parse.GetValue(paths)!));
            parse.InvocationConfiguration.Output.Write(parse.GetValue(format) == "json" ? RbacReportWriter.ExplainJson(result) + "\n" : RbacReportWriter.ExplainText(result));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string NonEmpty(string value, string name) => value.Length > 0 ? value : throw new UsageException($"{name}: an empty value");
}
