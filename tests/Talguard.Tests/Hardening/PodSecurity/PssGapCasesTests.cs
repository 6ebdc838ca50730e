using Talguard.Hardening.PodSecurity;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.PodSecurity;

/// <summary>
/// Cases the upstream fixtures do not cover (pss/FACTS.md §1 "What the fixtures do not cover"), written from
/// the minimal pods of §8 with one change each; messages pinned byte for byte.
/// </summary>
public class PssGapCasesTests
{
    /// <summary>The minimal restricted pod from v1.22 on, with extra pod-spec lines and container lines.</summary>
    private static string RestrictedPod(string spec = "", string container = "", string podSecurity = "") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: gap
        spec:
          containers:
          - name: container1
            image: registry.k8s.io/pause
            securityContext:
              allowPrivilegeEscalation: false
              capabilities:
                drop: [ALL]
        {container}
          securityContext:
            runAsNonRoot: true
            seccompProfile:
              type: RuntimeDefault
        {podSecurity}
        {spec}
        """;

    private static PodSecurityResult Evaluate(string yaml, string level, string version)
    {
        var document = Yaml.File("gap.yaml", yaml).Documents[0];
        var pod = PodViewReader.Read(document.Root!, document.At("metadata"), document.At("spec"));
        Assert.True(PodSecurityLevels.TryParse(level, out var parsedLevel));
        Assert.True(PolicyVersion.TryParse(version, out var parsedVersion));
        return PodSecurityEvaluator.Default.Evaluate(new LevelVersion(parsedLevel, parsedVersion), pod);
    }

    private static void Denied(string yaml, string level, string version, string expectedDetail)
    {
        var result = Evaluate(yaml, level, version);
        Assert.False(result.Allowed);
        Assert.Equal(expectedDetail, result.ForbiddenDetail);
    }

    private static void Allowed(string yaml, string level, string version)
    {
        var result = Evaluate(yaml, level, version);
        Assert.True(result.Allowed, result.ForbiddenDetail);
    }

    [Fact]
    public void AppArmor_profile_fields_are_checked_on_pod_and_containers()
    {
        Allowed(RestrictedPod(container: "      appArmorProfile: {type: Localhost, localhostProfile: x}"), "restricted", "v1.30");
        Denied(RestrictedPod(podSecurity: "    appArmorProfile: {type: Unconfined}", container: "      appArmorProfile: {type: Unconfined}"),
            "baseline", "latest",
            "forbidden AppArmor profile (pod and container \"container1\" must not set AppArmor profile type to \"Unconfined\")");
    }

    [Fact]
    public void AppArmor_fields_and_annotations_together_use_the_plural_reason()
    {
        var yaml = RestrictedPod(container: "      appArmorProfile: {type: Unconfined}")
            .Replace("  name: gap", "  name: gap\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/b: unconfined\n    container.apparmor.security.beta.kubernetes.io/a: 'x\"y'", StringComparison.Ordinal);
        Denied(yaml, "baseline", "v1.30",
            "forbidden AppArmor profiles (container \"container1\" and annotations must not set AppArmor profile type to " +
            "\"Unconfined\", \"container.apparmor.security.beta.kubernetes.io/a=\"x\\\"y\"\", \"container.apparmor.security.beta.kubernetes.io/b=\"unconfined\"\")");
    }

    [Fact]
    public void Container_engine_t_is_allowed_from_v1_31()
    {
        var yaml = RestrictedPod(container: "      seLinuxOptions: {type: container_engine_t}");
        Denied(yaml, "baseline", "v1.30", "seLinuxOptions (container \"container1\" set forbidden securityContext.seLinuxOptions: type \"container_engine_t\")");
        Allowed(yaml, "baseline", "v1.31");
        Allowed(yaml, "restricted", "v1.31");
    }

    [Fact]
    public void Ephemeral_containers_are_visited_last()
    {
        var yaml = RestrictedPod(spec: """
              ephemeralContainers:
              - name: debug
                image: busybox
                securityContext: {privileged: true}
              initContainers:
              - name: init
                image: busybox
                securityContext: {privileged: true}
            """);
        Denied(yaml, "baseline", "latest", "privileged (containers \"init\", \"debug\" must not set securityContext.privileged=true)");
        Denied(yaml, "restricted", "v1.30",
            "privileged (containers \"init\", \"debug\" must not set securityContext.privileged=true), " +
            "allowPrivilegeEscalation != false (containers \"init\", \"debug\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (containers \"init\", \"debug\" must set securityContext.capabilities.drop=[\"ALL\"])");
    }

    [Fact]
    public void User_namespace_pods_may_run_as_root_from_v1_35()
    {
        var yaml = RestrictedPod(spec: "  hostUsers: false", container: "      runAsUser: 0\n      runAsNonRoot: false");
        Denied(yaml, "restricted", "v1.34",
            "runAsNonRoot != true (container \"container1\" must not set securityContext.runAsNonRoot=false), " +
            "runAsUser=0 (container \"container1\" must not set runAsUser=0)");
        Allowed(yaml, "restricted", "v1.35");
        Allowed(yaml, "restricted", "latest");
    }

    [Fact]
    public void Windows_pods_skip_only_three_restricted_checks_from_v1_25()
    {
        const string Windows = """
            apiVersion: v1
            kind: Pod
            metadata: {name: win}
            spec:
              os: {name: windows}
              containers:
              - name: app
                image: mcr.microsoft.com/windows/nanoserver
            """;
        Denied(Windows, "restricted", "v1.24",
            "allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), " +
            "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
        Denied(Windows, "restricted", "v1.25", "runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true)");
        Allowed(Windows.Replace("  containers:", "  securityContext: {runAsNonRoot: true}\n  containers:", StringComparison.Ordinal), "restricted", "latest");
    }

    [Fact]
    public void Csi_ephemeral_and_image_volumes_are_allowed()
    {
        Allowed(RestrictedPod(spec: """
              volumes:
              - name: a
                csi: {driver: x}
              - name: b
                ephemeral: {volumeClaimTemplate: {spec: {}}}
              - name: c
                image: {reference: registry.k8s.io/pause}
            """), "restricted", "latest");
    }

    [Fact]
    public void Restricted_volumes_name_every_volume_and_sorted_types()
    {
        Denied(RestrictedPod(spec: """
              volumes:
              - name: z
                nfs: {server: s, path: /}
              - name: a
                hostPath: {path: /}
            """), "restricted", "latest",
            "restricted volume types (volumes \"z\", \"a\" use restricted volume types \"hostPath\", \"nfs\")");
    }

    [Fact]
    public void Startup_probe_prestop_and_tcp_hosts_are_forbidden_from_v1_34()
    {
        var yaml = RestrictedPod(container: """
                startupProbe: {tcpSocket: {host: b.example, port: 1}}
                lifecycle:
                  preStop: {httpGet: {host: a.example, port: 1}}
                  postStart: {tcpSocket: {host: a.example, port: 1}}
            """);
        Allowed(yaml, "baseline", "v1.33");
        Denied(yaml, "baseline", "v1.34",
            "probe or lifecycle host (container \"container1\" uses probe or lifecycle hosts \"a.example\", \"b.example\")");
    }

    [Fact]
    public void Seccomp_annotations_count_before_v1_19_only()
    {
        var yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: s
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: unconfined
                container.seccomp.security.alpha.kubernetes.io/c1: docker/default
                container.seccomp.security.alpha.kubernetes.io/gone: unconfined
            spec:
              containers:
              - name: c1
                image: x
            """;
        Denied(yaml, "baseline", "v1.18", "seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")");
        Allowed(yaml, "baseline", "v1.19");
    }

    [Theory]
    [InlineData("net.ipv4.ip_local_reserved_ports", "v1.26", "v1.27")]
    [InlineData("net.ipv4.tcp_keepalive_time", "v1.28", "v1.29")]
    [InlineData("net.ipv4.tcp_rmem", "v1.31", "v1.32")]
    [InlineData("net.ipv4.tcp_notsent_lowat", "v1.36", "v1.37")]
    public void Sysctls_become_allowed_at_their_version(string sysctl, string before, string from)
    {
        var yaml = RestrictedPod(podSecurity: $"    sysctls:\n    - name: {sysctl}\n      value: '1'\n    - name: kernel.msgmax\n      value: '1'\n    - name: {sysctl}\n      value: '1'");
        Denied(yaml, "baseline", before, $"forbidden sysctls ({sysctl}, kernel.msgmax, {sysctl})");
        Denied(yaml, "baseline", from, "forbidden sysctls (kernel.msgmax)");
    }

    [Fact]
    public void Future_pins_run_as_the_newest_known_version_but_keep_their_name()
    {
        var yaml = RestrictedPod(podSecurity: "    sysctls:\n    - name: net.ipv4.tcp_notsent_lowat\n      value: '1'");
        Allowed(yaml, "restricted", "v1.99");
        var result = Evaluate(RestrictedPod(container: "      privileged: true"), "restricted", "v1.99");
        Assert.Equal("violates PodSecurity \"restricted:v1.99\": privileged (container \"container1\" must not set securityContext.privileged=true)", result.Message);
    }

    [Fact]
    public void Multiple_containers_use_plural_forms_and_visit_order()
    {
        var yaml = RestrictedPod(spec: """
              initContainers:
              - name: b
                image: x
                ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 443}]
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [SYS_ADMIN, NET_RAW]}}
              - name: a
                image: x
                ports: [{containerPort: 80, hostPort: 8080}]
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_RAW]}}
            """);
        Denied(yaml, "restricted", "latest",
            "hostPort (containers \"b\", \"a\" use hostPorts 443, 8080), " +
            "unrestricted capabilities (containers \"b\", \"a\" must not include \"NET_RAW\", \"SYS_ADMIN\" in securityContext.capabilities.add)");
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("v1.0", true)]
    [InlineData("v1.37", true)]
    [InlineData("v1.022", false)]
    [InlineData("1.22", false)]
    [InlineData("v1.22.0", false)]
    [InlineData("v2.0", false)]
    [InlineData("v1.x", false)]
    [InlineData("Latest", false)]
    [InlineData("v1.99999999999999999999", false)]
    public void Version_syntax_follows_upstream(string text, bool valid)
    {
        Assert.Equal(valid, PolicyVersion.TryParse(text, out var version));
        if (!valid)
        {
            Assert.True(version.IsLatest);
        }
    }
}
