using Talguard.Findings;
using Talguard.Hardening.ControlPlane;
using static Talguard.Tests.Hardening.ControlPlane.ControlPlaneTestConfigs;
using static Talguard.Tests.Support.Yaml;

namespace Talguard.Tests.Hardening.ControlPlane;

public class TlsSettingsRuleTests
{
    [Theory]
    [InlineData("apiServer", "VersionTLS10")]
    [InlineData("controllerManager", "VersionTLS11")]
    [InlineData("scheduler", "VersionTLS11")]
    public void Old_tls_min_version_fires_on_control_plane_components(string component, string version)
    {
        var finding = Assert.Single(Check(new TlsSettingsRule(), Cluster($"  {component}:\n    extraArgs:\n      tls-min-version: {version}\n")));

        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal($"cluster.{component}.extraArgs.tls-min-version", finding.Location.Path);
        Assert.Equal(7, finding.Location.Line);
    }

    [Fact]
    public void Kubelet_tls_min_version_fires_in_list_form_and_in_extraConfig()
    {
        var findings = Check(new TlsSettingsRule(), Machine(
            "  kubelet:\n    extraArgs:\n      tls-min-version:\n        - VersionTLS10\n    extraConfig:\n      tlsMinVersion: VersionTLS11\n"));

        Assert.Equal(["machine.kubelet.extraArgs.tls-min-version[0]", "machine.kubelet.extraConfig.tlsMinVersion"], findings.Select(f => f.Location.Path));
    }

    [Theory]
    [InlineData("VersionTLS12")]
    [InlineData("VersionTLS13")]
    public void Modern_tls_versions_do_not_fire(string version) =>
        Assert.Empty(Check(new TlsSettingsRule(), Cluster($"  apiServer:\n    extraArgs:\n      tls-min-version: {version}\n")));

    [Fact]
    public void Cbc_rc4_and_3des_suites_fire_and_the_patch_keeps_the_aead_ones()
    {
        var finding = Assert.Single(Check(new TlsSettingsRule(), Cluster(
            "  apiServer:\n    extraArgs:\n      tls-cipher-suites: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,TLS_RSA_WITH_RC4_128_SHA,TLS_RSA_WITH_3DES_EDE_CBC_SHA\n")));

        Assert.Equal("cluster.apiServer.extraArgs.tls-cipher-suites", finding.Location.Path);
        Assert.Contains("TLS_RSA_WITH_RC4_128_SHA", finding.Message, StringComparison.Ordinal);
        Assert.Contains("tls-cipher-suites: \"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"", finding.Patch, StringComparison.Ordinal);
    }

    [Fact]
    public void Cipher_suites_in_list_form_fire_per_weak_element_and_etcd_is_covered()
    {
        var findings = Check(new TlsSettingsRule(), Cluster(
            "  scheduler:\n    extraArgs:\n      tls-cipher-suites:\n        - TLS_AES_128_GCM_SHA256\n        - TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA\n" +
            "  etcd:\n    extraArgs:\n      cipher-suites: TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA\n"));

        Assert.Equal(["cluster.scheduler.extraArgs.tls-cipher-suites[1]", "cluster.etcd.extraArgs.cipher-suites"], findings.Select(f => f.Location.Path));
    }

    [Fact]
    public void Weak_kubelet_tlsCipherSuites_are_removed_by_the_patch_as_a_merge_would_only_append_to_the_list()
    {
        var finding = Assert.Single(Check(new TlsSettingsRule(), Machine(
            "  kubelet:\n    extraConfig:\n      tlsCipherSuites:\n        - TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA\n", "worker")));

        Assert.Equal("machine.kubelet.extraConfig.tlsCipherSuites", finding.Location.Path);
        Assert.Equal("machine:\n  kubelet:\n    extraConfig:\n      tlsCipherSuites:\n        $patch: delete\n", finding.Patch);
    }

    [Fact]
    public void Aead_only_suites_do_not_fire() =>
        Assert.Empty(Check(new TlsSettingsRule(), Cluster(
            "  apiServer:\n    extraArgs:\n      tls-cipher-suites: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256\n")));
}
