using Talguard.Hardening.PodSecurity;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.PodSecurity;

public sealed class PodSecurityFixerTests : IDisposable
{
    private static readonly LevelVersion RestrictedLatest = new(PodSecurityLevel.Restricted, PolicyVersion.Latest);

    private readonly string _directory = Directory.CreateTempSubdirectory("talguard-pss-fix-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<PodSecurityResult> Evaluate(string displayPath, string text, LevelVersion? target = null) =>
        Workloads.Find(Workloads.Items(new ClusterModel([InputLoader.Parse(displayPath, null, text)])))
            .Select(w => PodSecurityEvaluator.Default.Evaluate(target ?? RestrictedLatest, w.Pod));

    [Theory]
    [InlineData("restricted", "v1.37")]
    [InlineData("restricted", "v1.24")]
    [InlineData("baseline", "v1.18")]
    [InlineData("baseline", "v1.34")]
    public void Every_failing_upstream_fixture_passes_after_the_fix_unless_it_needs_another_volume_type(string level, string version)
    {
        Assert.True(PodSecurityLevels.TryParse(level, out var parsedLevel) & PolicyVersion.TryParse(version, out var parsedVersion));
        var target = new LevelVersion(parsedLevel, parsedVersion);
        var files = InputLoader.Load([Path.Combine(SharedData.Require("pss/testdata"), level, version, "fail")]);
        var fixedFiles = PodSecurityFixer.Fix(files, target).ToDictionary(f => f.Source);
        foreach (var file in files)
        {
            var text = fixedFiles.TryGetValue(file, out var fixedFile) ? fixedFile.Text : File.ReadAllText(file.FullPath!);
            foreach (var result in Evaluate(file.DisplayPath, text, target))
            {
                Assert.True(result.Violations.All(v => v.CheckId is "restrictedVolumes" or "hostPathVolumes"), $"{file.DisplayPath}: {result.ForbiddenDetail}");
                Assert.True(fixedFile is not null || !result.Allowed, $"{file.DisplayPath} was not rewritten");
            }
        }
    }

    [Fact]
    public void Untouched_documents_are_copied_byte_for_byte_and_edited_ones_pass()
    {
        const string Original = """
            # config for the shop
            apiVersion: v1
            kind: ConfigMap   # keep this comment
            metadata: {name: settings}
            data: {mode: "fast"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                metadata:
                  annotations:
                    container.apparmor.security.beta.kubernetes.io/app: unconfined
                spec:
                  securityContext:
                    runAsUser: 0
                    sysctls: [{name: kernel.msgmax, value: "1"}, {name: net.ipv4.tcp_syncookies, value: "1"}]
                  containers:
                  - name: app
                    image: nginx
                    command: ["sh", "-c", "echo 'multi\nline'"]
                    ports: [{containerPort: 80, hostPort: 80}]
                    securityContext:
                      capabilities: {add: [NET_ADMIN, NET_BIND_SERVICE]}
                      seLinuxOptions: {type: spc_t, user: root}
                      procMount: Unmasked
                    livenessProbe: {httpGet: {host: example.com, port: 80}}
            """;
        var path = Path.Combine(_directory, "app.yaml");
        File.WriteAllText(path, Original);
        var fixedFile = Assert.Single(PodSecurityFixer.Fix(InputLoader.Load([path]), RestrictedLatest));
        Assert.StartsWith(Original[..Original.IndexOf("---", StringComparison.Ordinal)], fixedFile.Text, StringComparison.Ordinal);
        Assert.Empty(fixedFile.Remaining);
        Assert.Equal(1, fixedFile.FixedWorkloads);
        Assert.All(Evaluate("app.yaml", fixedFile.Text), r => Assert.True(r.Allowed, r.ForbiddenDetail));
        Assert.Contains("net.ipv4.tcp_syncookies", fixedFile.Text, StringComparison.Ordinal);
        Assert.Contains("NET_BIND_SERVICE", fixedFile.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("kernel.msgmax", fixedFile.Text, StringComparison.Ordinal);
    }
}
