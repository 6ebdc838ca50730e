using Talguard.Findings;
using Talguard.Model;
using Talguard.Model.Talos;
using Talguard.Model.Talos.Patching;

namespace Talguard.Tests.Model.Talos;

/// <summary>
/// The config Talos generates for a release (<see cref="GeneratedConfig"/>) carries the defaults <c>talosctl gen config</c>
/// writes, so a node built on it gets no finding for a default it has (Pod Security admission, audit policy, secretbox,
/// kubelet seccomp, API RBAC) and no key the release's schema lacks.
/// </summary>
public sealed class GeneratedConfigTests
{
    /// <summary>Rules a stock <c>gen config</c> output must pass: what it writes, and keys its release knows.</summary>
    private static readonly string[] DefaultsWritten =
    [
        "TG-PSS-001", "TG-PSS-002", "TG-SEC-001", "TG-SEC-002", "TG-AUD-002", "TG-AUD-005", "TG-AUD-008", "TG-AUD-009",
        "TG-K8S-001", "TG-K8S-006", "TG-K8S-007", "TG-K8S-010", "TG-ACC-001", "TG-ACC-002",
        "TG-CONF-001", "TG-CONF-002", "TG-CONF-007", "TG-CERT-001",
    ];

    public static TheoryData<int, bool> Releases() => new()
    {
        { 11, true }, { 11, false }, { 12, true }, { 12, false }, { 13, true }, { 13, false }, { 14, true }, { 14, false },
    };

    [Theory]
    [MemberData(nameof(Releases))]
    public void A_generated_config_passes_the_rules_for_the_defaults_gen_config_writes(int minor, bool controlPlane)
    {
        var fired = Scan(minor, controlPlane).Select(f => f.Rule.Id).Distinct().ToList();
        Assert.Empty(fired.Intersect(DefaultsWritten));
    }

    [Theory]
    [MemberData(nameof(Releases))]
    public void What_a_stock_config_lacks_is_found_at_the_place_the_config_was_asked_for(int minor, bool controlPlane)
    {
        var findings = Scan(minor, controlPlane);
        Assert.Contains(findings, f => f.Rule.Id == "TG-NET-001");
        Assert.Contains(findings, f => f.Rule.Id == "TG-DISK-001");
        Assert.All(findings, f => Assert.Equal(("talconfig.yaml", 7, 5), (f.Location.File, f.Location.Line, f.Location.Column)));
    }

    [Fact]
    public void The_version_contract_decides_the_layout()
    {
        var v111 = GeneratedConfig.Documents(Input(11, controlPlane: true));
        var v113 = GeneratedConfig.Documents(Input(13, controlPlane: true));
        Assert.Equal("true", Text(v111[0], "machine", "features", "rbac"));
        Assert.Null(Text(v113[0], "machine", "features", "rbac"));
        Assert.Equal("192.168.1.10", ((ConfigSequence)Path(v111[0], "cluster", "apiServer", "certSANs")!).Items.OfType<ConfigScalar>().First().Text);
        Assert.Equal(["v1alpha1", "HostnameConfig"], v113.Select(d => d.Text("kind") ?? d.Text("version")!));
        var podSecurity = (ConfigMapping)((ConfigSequence)Path(v113[0], "cluster", "apiServer", "admissionControl")!).Items[0];
        Assert.Equal("baseline", Text(podSecurity, "configuration", "defaults", "enforce"));
        Assert.Null(Path(GeneratedConfig.Documents(Input(13, controlPlane: false))[0], "cluster", "apiServer"));
    }

    private static List<Finding> Scan(int minor, bool controlPlane)
    {
        var documents = GeneratedConfig.Documents(Input(minor, controlPlane));
        var file = MergedConfig.FromDocuments("talconfig.yaml", null, documents, new Dictionary<DocumentSource, SourceMark>());
        return [.. Scanner.Scan([file], new ScanOptions()).Findings];
    }

    private static GeneratedConfigInput Input(int minor, bool controlPlane) => new()
    {
        Talos = new TalosVersion(1, minor),
        ControlPlane = controlPlane,
        ClusterName = "lab",
        Endpoint = "https://192.168.1.10:6443",
        KubernetesVersion = "1.34.1",
        InstallImage = $"ghcr.io/siderolabs/installer:v1.{minor}.0",
        Origin = new NodeOrigin(new DocumentSource("talconfig.yaml", 0), new SourceMark(7, 5, 0), new SourceMark(7, 5, 0)),
    };

    private static ConfigNode? Path(ConfigMapping mapping, params string[] keys)
    {
        ConfigNode? node = mapping;
        foreach (var key in keys)
        {
            node = (node as ConfigMapping)?[key];
        }

        return node;
    }

    private static string? Text(ConfigMapping mapping, params string[] keys) => (Path(mapping, keys) as ConfigScalar)?.Text;
}
