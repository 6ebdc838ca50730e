using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Talguard.Hardening.AuditLogging.Detection;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.AuditLogging.Detection;

/// <summary>
/// The fast path of <c>audit detect</c> (<see cref="DetectionRuleSet.TryEvaluate"/>: one scan of the line, fields of the
/// first two levels read from the text, the document parsed only on demand) must give exactly the alerts of the
/// document path (<see cref="DetectionRuleSet.Evaluate(JsonElement)"/>), and must take only lines the document accepts.
/// </summary>
public class ShallowEventTests
{
    private static readonly string[] Users = ["alice", "system:anonymous", "system:node:n1", "system:serviceaccount:kube-system:replicaset-controller", "minikube-user", "admin", "ålice", "älice"];
    private static readonly string[] Stages = ["ResponseComplete", "ResponseStarted", "RequestReceived", "Panic"];
    private static readonly string[] Verbs = ["create", "get", "list", "delete", "update", "patch", "watch"];
    private static readonly string[] Resources = ["pods", "secrets", "configmaps", "clusterroles", "clusterrolebindings", "roles", "namespaces", "serviceaccounts", "deployments", "services", "nodes", "pots", "pids"];
    private static readonly string[] Subresources = ["exec", "attach", "portforward", "ephemeralcontainers", "status"];

    [Fact]
    public void Fast_path_gives_the_document_path_alerts_for_every_sample()
    {
        var rules = UpstreamAndBuiltIn();
        var lines = SampleLines();
        Assert.NotEmpty(lines);
        var scan = rules.NewShallowEvent();
        foreach (var line in lines)
        {
            AssertSameAlerts(rules, line, mustBeFast: true, scan);
        }
    }

    [Fact]
    public void Fast_path_gives_the_document_path_alerts_for_50000_generated_events()
    {
        var rules = UpstreamAndBuiltIn();
        var samples = SampleLines();
        var random = new Random(16);
        var fast = 0;
        var alerts = 0;

        // One scanner for all lines, as a worker thread uses it: texts it keeps from earlier events (same hash, other
        // bytes: "pods"/"pots", non-ASCII users) must never stand in for this event's.
        var scan = rules.NewShallowEvent();
        for (var i = 0; i < 50_000; i++)
        {
            var line = Vary(samples[random.Next(samples.Count)], random);
            var (taken, count) = AssertSameAlerts(rules, line, mustBeFast: false, scan);
            fast += taken ? 1 : 0;
            alerts += count;
        }

        // Most variants are plain events the fast path takes, and enough of them alert to compare outputs.
        Assert.InRange(fast, 40_000, 50_000);
        Assert.InRange(alerts, 10_000, int.MaxValue);
    }

    [Fact]
    public void Fast_path_takes_no_line_the_document_refuses_among_50000_damaged_ones()
    {
        var rules = UpstreamAndBuiltIn();
        var samples = SampleLines();
        var random = new Random(1616);
        var refused = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var bytes = Damage(Encoding.UTF8.GetBytes(samples[random.Next(samples.Count)]), random);
            var parses = Parses(bytes);
            refused += parses ? 0 : 1;
            var taken = rules.TryEvaluate(rules.NewShallowEvent(), bytes, []);
            Assert.False(taken && !parses, Encoding.UTF8.GetString(bytes));
            if (taken)
            {
                AssertSameAlerts(rules, bytes, mustBeFast: true);
            }
        }

        Assert.InRange(refused, 10_000, 50_000);
    }

    [Theory]
    [InlineData("""{"kind":"Event","stage":"ResponseComplete","stageTimestamp":"2024-01-02T03:04:05Z"} x""")]
    [InlineData("""{"kind":"Event","stage":"ResponseComplete","stageTimestamp":"2024-01-02T03:04:05Z",}""")]
    [InlineData("""{"kind":"Event",/* c */"stageTimestamp":"2024-01-02T03:04:05Z"}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","n":01}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","n":1.}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","s":"\x"}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","s":"\u12"}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","a":[1,]}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","t":tru}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z" """)]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z"}{}""")]
    public void Invalid_json_is_left_to_the_document(string line)
    {
        var rules = UpstreamAndBuiltIn();
        Assert.False(Parses(Encoding.UTF8.GetBytes(line)));
        Assert.False(rules.TryEvaluate(rules.NewShallowEvent(), Encoding.UTF8.GetBytes(line), []));
    }

    [Theory]
    [InlineData("""{"kind":"EventList","items":[]}""")]
    [InlineData("""[{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z"}]""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"yesterday"}""")]
    [InlineData("""{"kind":"Event"}""")]
    [InlineData("""{"kind":"Ev\u0065nt","stageTimestamp":"2024-01-02T03:04:05Z"}""")]
    [InlineData("""{"kind":"Event","st\u0061ge":"ResponseComplete","stageTimestamp":"2024-01-02T03:04:05Z"}""")]
    [InlineData("""{"kind":"Event","stage":"RequestReceived","stage":"ResponseComplete","stageTimestamp":"2024-01-02T03:04:05Z"}""")]
    [InlineData("""{"kind":"Event","user":{"username":"a","username":"b"},"stageTimestamp":"2024-01-02T03:04:05Z"}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","s":"\ud83d\ude00"}""")]
    public void Lines_the_fast_path_cannot_vouch_for_go_to_the_document(string line)
    {
        var rules = UpstreamAndBuiltIn();
        Assert.False(rules.TryEvaluate(rules.NewShallowEvent(), Encoding.UTF8.GetBytes(line), []));
    }

    [Fact]
    public void Invalid_utf8_goes_to_the_document()
    {
        var rules = UpstreamAndBuiltIn();
        var line = Encoding.UTF8.GetBytes("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","user":{"username":"al?ce"}}""");
        line[Array.IndexOf(line, (byte)'?')] = 0xFF;
        Assert.False(rules.TryEvaluate(rules.NewShallowEvent(), line, []));
    }

    [Theory]
    [InlineData("""{"kind":"Event","auditID":"x","stageTimestamp":"2024-01-02T03:04:05Z","user":{"username":"al\u0069ce"},"stage":"ResponseComplete"}""")]
    [InlineData("""{"kind":"Event","auditID":"x","stageTimestamp":"2024-01-02T03:04:05Z","user":{"username":12.5e3},"stage":"ResponseComplete"}""")]
    [InlineData("""{"kind":"Event","auditID":"x","stageTimestamp":"2024-01-02T03:04:05Z","user":{"username":null},"stage":"ResponseComplete"}""")]
    [InlineData("""{"kind":"Event","auditID":"x","stageTimestamp":"2024-01-02T03:04:05Z","user":{"username":{"a":[1,"b"]}},"stage":"ResponseComplete"}""")]
    [InlineData("""{"kind":"Event","auditID":"x","stageTimestamp":"2024-01-02T03:04:05Z","user":["alice"],"stage":"ResponseComplete"}""")]
    [InlineData("""{"kind":"Event","auditID":"x","stageTimestamp":"2024-01-02T03:04:05Z","user":"alice","stage":["ResponseComplete"]}""")]
    [InlineData("""{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","user":{"username":"alice"},"stage":"ResponseComplete"}""")]
    [InlineData(""" { "kind" : "Event" , "auditID" : true , "stageTimestamp" : "2024-01-02T03:04:05.5+02:00" , "user" : { "username" : "alice" } , "stage" : "ResponseComplete" } """)]
    public void Odd_values_give_the_document_answer(string line)
    {
        var rules = DetectionRuleSet.Load([DetectionRuleSet.BuiltInRulesFile, new DetectionRulesFile("t.yaml", DetectionTestKit.Rule(
            "jevt.value[/stage] exists or ka.user.name exists or not ka.user.name exists",
            "user=%ka.user.name stage=%jevt.value[/stage] s2=%jevt.value[/user/0] id=%ka.auditid time=%jevt.rawtime"))]);
        AssertSameAlerts(rules, line, mustBeFast: false);
    }

    private static DetectionRuleSet UpstreamAndBuiltIn() =>
        DetectionRuleSet.Load([DetectionRulesFile.Read(SharedData.Require("falco/k8s_audit_rules.yaml")), DetectionRuleSet.BuiltInRulesFile]);

    private static List<string> SampleLines() =>
        [.. Directory.GetFiles(SharedData.Require("falco/samples"), "*.json").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Where(l => l.Contains("\"stageTimestamp\"", StringComparison.Ordinal) && l.TrimStart().StartsWith('{') && l.Contains("\"kind\":\"Event\"", StringComparison.Ordinal)),
         DetectionTestKit.ExecEvent.ReplaceLineEndings(" ")];

    private static (bool Fast, int Alerts) AssertSameAlerts(DetectionRuleSet rules, string line, bool mustBeFast, ShallowEvent? scan = null) =>
        AssertSameAlerts(rules, Encoding.UTF8.GetBytes(line), mustBeFast, scan);

    private static (bool Fast, int Alerts) AssertSameAlerts(DetectionRuleSet rules, byte[] line, bool mustBeFast, ShallowEvent? scan = null)
    {
        var fast = new List<DetectionAlert>();
        var taken = rules.TryEvaluate(scan ?? rules.NewShallowEvent(), line, fast);
        Assert.True(taken || !mustBeFast, Encoding.UTF8.GetString(line));
        using var document = JsonDocument.Parse(line);
        var slow = rules.Evaluate(document.RootElement);
        if (taken)
        {
            Assert.Equal(slow.Select(Describe), fast.Select(Describe));
        }
        else
        {
            Assert.Empty(fast);
        }

        return (taken, slow.Count);
    }

    private static string Describe(DetectionAlert alert) =>
        $"{alert.ToFalcoLine()}|{alert.Time.UtcTicks}|{alert.AuditId}|{alert.Source}|{string.Join(',', alert.Tags)}|{string.Join(';', alert.OutputFields.Select(f => $"{f.Key}={f.Value ?? "(null)"}"))}";

    private static bool Parses(byte[] line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 256 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A sample with the fields rules test changed at random, some keys dropped, and some values of another JSON type.</summary>
    private static string Vary(string line, Random random)
    {
        var root = JsonNode.Parse(line)!.AsObject();
        Set(root, random, "stage", () => Pick(random, Stages));
        Set(root, random, "verb", () => Pick(random, Verbs));
        Set(Child(root, "user"), random, "username", () => Pick(random, Users));
        var target = Child(root, "objectRef");
        Set(target, random, "resource", () => Pick(random, Resources));
        Set(target, random, "namespace", () => Pick(random, ["kube-system", "default", "kube-public"]));
        if (random.Next(3) == 0)
        {
            target["subresource"] = Pick(random, Subresources);
        }

        Set(Child(root, "responseStatus"), random, "code", () => random.Next(2) == 0 ? 200 : 403);
        Set(Child(root, "annotations"), random, "authorization.k8s.io/decision", () => random.Next(3) == 0 ? "forbid" : "allow");
        foreach (var key in (string[])["requestURI", "auditID", "userAgent", "sourceIPs", "requestObject", "impersonatedUser"])
        {
            if (random.Next(12) == 0)
            {
                root.Remove(key);
            }
        }

        if (random.Next(10) == 0)
        {
            var key = Pick(random, ["stage", "verb", "auditID", "requestURI", "user", "objectRef", "annotations"]);
            root[key] = random.Next(5) switch
            {
                0 => JsonValue.Create(42),
                1 => null,
                2 => new JsonObject { ["username"] = "alice", ["resource"] = "pods" },
                3 => new JsonArray("alice", 1),
                _ => JsonValue.Create(true),
            };
        }

        var text = root.ToJsonString();

        // Escapes in values the fast path must unescape as the document does.
        return random.Next(8) == 0 ? text.Replace("\"alice\"", "\"al\\u0069ce\"", StringComparison.Ordinal).Replace("\"pods\"", "\"p\\u006fds\"", StringComparison.Ordinal) : text;
    }

    private static JsonObject Child(JsonObject root, string key)
    {
        if (root[key] is JsonObject child)
        {
            return child;
        }

        var added = new JsonObject();
        root[key] = added;
        return added;
    }

    private static void Set(JsonObject node, Random random, string key, Func<JsonNode?> value)
    {
        if (random.Next(4) != 0)
        {
            node[key] = value();
        }
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    /// <summary>One to three bytes replaced, removed or inserted, favouring the bytes JSON's syntax hinges on.</summary>
    private static byte[] Damage(byte[] line, Random random)
    {
        var bytes = new List<byte>(line);
        byte[] syntax = [(byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'"', (byte)',', (byte)':', (byte)'\\', (byte)'0', (byte)'-', (byte)'.', (byte)'e', (byte)' ', (byte)'t', (byte)'n', 0x01, 0xC3, 0xFF];
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 1; edits--)
        {
            var at = random.Next(bytes.Count);
            var value = syntax[random.Next(syntax.Length)];
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, value);
                    break;
            }
        }

        return [.. bytes];
    }
}
