using System.CommandLine;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Services;

namespace Talguard.Cli.Commands;

/// <summary>
/// <c>talguard audit explain|lint|serve</c>: Kubernetes audit logging. Each subcommand is one <c>Create…</c> method
/// below and one line in <see cref="Create"/>.
/// </summary>
public static class AuditCommand
{
    public static Command Create() => new("audit", "Kubernetes audit logging: what a policy logs, its problems and noise, and live detection")
    {
        CreateExplain(),
        AuditDetectCommand.Create(),
    };

    private static Command CreateExplain()
    {
        var policy = new Option<string>("--policy") { Description = "Audit policy: an audit.k8s.io Policy, or a Talos control-plane config or patch holding one (- reads standard input)", Required = true, HelpName = "FILE" };
        var user = new Option<string?>("--user") { Description = "User name of the request (without --user and --user-group the request carries no user)", HelpName = "U" };
        var groups = new Option<string[]>("--user-group") { Description = "A group of the user (repeatable)", HelpName = "G", DefaultValueFactory = _ => [] };
        var verb = new Option<string?>("--verb") { Description = "Kubernetes verb (get, list, watch, create, ...), or the lower-cased HTTP method with --path", HelpName = "V" };
        var apiGroup = new Option<string?>("--api-group") { Description = "API group of the resource (default: the core group \"\")", HelpName = "A" };
        var resource = new Option<string?>("--resource") { Description = "Resource, plural (pods, secrets, deployments)", HelpName = "R" };
        var subresource = new Option<string?>("--subresource") { Description = "Subresource (log, exec, status, scale)", HelpName = "S" };
        var ns = new Option<string?>("--namespace") { Description = "Namespace (none: cluster-scoped, or a list/watch across all namespaces)", HelpName = "N" };
        var name = new Option<string?>("--name") { Description = "Object name (none: a collection request such as list, watch or create)", HelpName = "X" };
        var path = new Option<string?>("--path") { Description = "URL path of a non-resource request (/metrics, /logs/...), instead of --resource", HelpName = "/URL" };
        var requests = new Option<string?>("--requests") { Description = "Explain many requests: one JSON object per line (user, groups, verb, apiGroup, resource, subresource, namespace, name, path); - reads standard input; answers one JSON line each, in order", HelpName = "FILE" };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text|json (--requests always writes JSON lines)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        Option[] requestOptions = [user, groups, verb, apiGroup, resource, subresource, ns, name, path];
        var command = new Command("explain", "What the API server's audit policy decides for a request: level, omitted stages and the rule that matched (first match wins)")
        {
            policy, user, groups, verb, apiGroup, resource, subresource, ns, name, path, requests, format,
        };
        command.SetAction(parse =>
        {
            var policyPath = parse.GetValue(policy)!;
            var requestsPath = parse.GetValue(requests);
            if (requestsPath is not null && requestOptions.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
            {
                throw new UsageException($"--requests and {given.Name} exclude each other: each line of the requests file describes a whole request");
            }

            if (requestsPath == InputLoader.StandardInputName && policyPath == InputLoader.StandardInputName)
            {
                throw new UsageException("--policy - and --requests -: standard input can be read only once");
            }

            var stdin = StandardInput.Guard(Console.OpenStandardInput);
            var explainer = AuditExplainService.Load(policyPath, stdin);
            var stdout = parse.InvocationConfiguration.Output;
            if (requestsPath is not null)
            {
                using var reader = OpenRequests(requestsPath, stdin);
                AuditExplainWriter.WriteLines(explainer.ExplainLines(reader), explainer.Policy.Description, stdout);
                return ExitCodes.Success;
            }

            var groupValues = parse.GetValue(groups) ?? [];
            if (!AuditRequestJson.TryBuild(parse.GetValue(user), groupValues.Length == 0 ? null : groupValues,
                    parse.GetValue(verb) ?? string.Empty, parse.GetValue(apiGroup) ?? string.Empty, parse.GetValue(resource) ?? string.Empty,
                    parse.GetValue(subresource) ?? string.Empty, parse.GetValue(ns) ?? string.Empty, parse.GetValue(name) ?? string.Empty,
                    parse.GetValue(path) ?? string.Empty, out var request, out var problem))
            {
                throw new UsageException(Describe(problem!.Value));
            }

            var explanation = explainer.Explain(request);
            if (parse.GetValue(format) == "json")
            {
                OutputTarget.Write(null, stdout, stream => AuditExplainWriter.WriteJson(explanation, explainer.Policy.Description, stream));
            }
            else
            {
                AuditExplainWriter.WriteText(explanation, explainer.Policy.Description, stdout);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static StreamReader OpenRequests(string path, Func<Stream> stdin)
    {
        if (path == InputLoader.StandardInputName)
        {
            return new StreamReader(stdin());
        }

        try
        {
            return new StreamReader(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message);
        }
    }

    private static string Describe(AuditRequestProblem problem) => problem switch
    {
        AuditRequestProblem.ResourceAndPath => "--resource and --path exclude each other",
        AuditRequestProblem.NeitherResourceNorPath => "give --resource (a resource request) or --path (a non-resource URL)",
        AuditRequestProblem.NoVerb => "--verb is required",
        AuditRequestProblem.PathWithResourceAttributes => "--path excludes --api-group, --subresource, --namespace and --name",
        _ => "--path must start with /",
    };
}
