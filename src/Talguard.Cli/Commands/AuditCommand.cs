using System.CommandLine;
using System.Net;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Model;
using Talguard.Reports;
using Talguard.Server;
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
        CreateLint(),
        AuditDetectCommand.Create(),
        CreateServe(),
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

    private static Command CreateLint()
    {
        var paths = new Argument<string[]>("POLICY|CONFIG")
        {
            Description = "Audit policies, Talos control-plane configs or patches, or directories of them; - reads standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        var report = new ReportOptions();
        var command = new Command("lint", "The audit-logging (AUD) rules as findings, plus a noise estimate: rules that log request bodies for high-volume reads") { paths };
        report.AddTo(command);
        report.AddShowPatchTo(command);
        command.SetAction(parse =>
        {
            var linted = AuditLintService.Run(new AuditLintRequest
            {
                Paths = parse.GetValue(paths)!,
                FailOn = report.FailOnThreshold(parse),
                StandardInput = StandardInput.Guard(Console.OpenStandardInput),
            });
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(report.Format) == "table" && string.IsNullOrEmpty(parse.GetValue(report.Output)))
            {
                AuditLintWriter.WriteText(linted.Noise, stdout);
            }

            report.Write(parse, linted.Report, stdout,
                [.. linted.Report.Files, .. linted.Report.Errors.Select(e => e.File), .. linted.Report.Skipped.Select(s => s.File)],
                json => AuditLintWriter.WriteJson(json, linted.Noise));
            InputErrorLines.Write(parse.InvocationConfiguration.Error, linted.Report);
            return ExitCodes.For(linted.Outcome);
        });
        return command;
    }

    private static Command CreateServe()
    {
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on, e.g. 127.0.0.1:8443 or [::]:8443 (port 0: any free port)", Required = true, HelpName = "ADDRESS:PORT" };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Serve HTTPS with this PEM certificate (chain); needs --tls-key", HelpName = "FILE" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert", HelpName = "FILE" };
        var rules = new Option<string[]>("--rules") { Description = "Falco rules file loaded after the built-in rules (repeatable), e.g. the upstream k8s_audit_rules.yaml", HelpName = "FILE", DefaultValueFactory = _ => [] };
        var alerts = new Option<string?>("--alerts") { Description = "Append alerts to FILE as JSON lines (default: Falco-style lines on standard output)", HelpName = "FILE.jsonl" };
        var queueSize = new Option<int>("--queue-size") { Description = "Events waiting for detection before requests are refused with 429", HelpName = "N", DefaultValueFactory = _ => AuditWebhookOptions.DefaultQueueSize };
        var command = new Command("serve", "Audit webhook backend: kube-apiserver POSTs EventLists, each event goes through the detection rules; /metrics, /healthz; SIGTERM or Ctrl-C drains the queue")
        {
            listen, tlsCert, tlsKey, rules, alerts, queueSize,
        };
        command.SetAction(parse =>
        {
            var endpoint = ParseListen(parse.GetValue(listen)!);
            var size = parse.GetValue(queueSize);
            if (size < 1)
            {
                throw new UsageException($"--queue-size: {size} must be at least 1");
            }

            if ((parse.GetValue(tlsCert) is null) != (parse.GetValue(tlsKey) is null))
            {
                throw new UsageException("--tls-cert and --tls-key go together");
            }

            var ruleSet = DetectionRuleSet.Load([DetectionRuleSet.BuiltInRulesFile, .. (parse.GetValue(rules) ?? []).Select(DetectionRulesFile.Read)]);
            var stderr = parse.InvocationConfiguration.Error;
            using var alertsFile = parse.GetValue(alerts) is { } alertsPath ? OpenAlerts(alertsPath) : null;
            var server = AuditWebhookServer.Create(new AuditWebhookOptions
            {
                Listen = endpoint,
                TlsCertificate = parse.GetValue(tlsCert),
                TlsKey = parse.GetValue(tlsKey),
                Rules = ruleSet,
                Alerts = alertsFile ?? parse.InvocationConfiguration.Output,
                AlertFormat = alertsFile is null ? AlertFormat.Text : AlertFormat.Json,
                QueueSize = size,
            });
            try
            {
                server.StartAsync().GetAwaiter().GetResult();
            }
            catch (IOException ex)
            {
                throw new UsageException($"--listen {parse.GetValue(listen)}: {ex.Message}", ex);
            }

            var scheme = parse.GetValue(tlsCert) is null ? "http" : "https";
            var host = endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
            stderr.WriteLine($"audit serve: listening on {scheme}://{host}:{server.Port} ({ruleSet.Rules.Count} rules, queue of {size} events); SIGTERM or Ctrl-C stops after the queue is drained");
            server.WaitForShutdownAsync().GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            var metrics = server.Metrics;
            stderr.WriteLine($"audit serve: stopped: {metrics.EventsReceived} events received, {metrics.EventsProcessed} processed, {metrics.RequestsRejected} requests refused (429), {metrics.RequestsMalformed} malformed");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>ADDRESS:PORT</c> with a literal IPv4 or bracketed IPv6 address: the server listens exactly there.</summary>
    private static IPEndPoint ParseListen(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && colon < text.Length - 1 && IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port is >= 0 and <= IPEndPoint.MaxPort
            ? endpoint
            : throw new UsageException($"--listen: '{text}' is not ADDRESS:PORT with an IP address, e.g. 127.0.0.1:8443 or [::1]:8443");
    }

    private static StreamWriter OpenAlerts(string path)
    {
        try
        {
            return new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, ex is DirectoryNotFoundException ? "no such directory" : ex.Message);
        }
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
