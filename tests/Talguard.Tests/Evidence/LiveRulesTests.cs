using Talguard.Findings;
using Talguard.Services;

namespace Talguard.Tests.Evidence;

/// <summary>
/// Exactly the TG-LIVE findings each test bundle must give (v1.11, v1.12 and v1.13 nodes, healthy and weakened), each
/// at its bundle file and line, naming the node, the resource and the evidence.
/// </summary>
public sealed class LiveRulesTests
{
    private static readonly string[] IscsiTools = ["iscsi-tools"];

    [Fact]
    public void A_healthy_v1_11_node_gives_no_finding_and_is_judged_by_v1_11_values()
    {
        // kptr_restrict=1 and ptrace_scope=1 are what v1.11 sets; no moduleSignatureEnforced or lockToState on v1.11.
        var verified = Verify("v1.11-healthy");

        Assert.Empty(verified.Findings);
        Assert.Equal(ServiceOutcome.Passed, verified.Outcome);
        Assert.Contains("TG-LIVE-009 did not judge system extensions: give --expect-extensions NAME... to compare each node's with the expected set", verified.Report.Notices);
    }

    [Fact]
    public void A_weakened_v1_11_node()
    {
        Assert.Equal(
            [
                "talos/extensions.json:0 TG-LIVE-009 low node 10.5.0.2: extensions: no extension named \"iscsi-tools\", which --expect-extensions expects",
                "talos/extensions.json:23 TG-LIVE-009 low node 10.5.0.2: extensions 0 spec.metadata.name = \"gvisor\" (version 20250505.0): not among --expect-extensions",
                "talos/kernelparamstatus.json:32 TG-LIVE-007 medium node 10.5.0.2: kernelparamstatus proc.sys.kernel.kptr_restrict spec.current = \"0\": weaker than 1, which Talos v1.11 sets",
                "talos/kernelparamstatus.json:104 TG-LIVE-007 medium node 10.5.0.2: kernelparamstatus proc.sys.kernel.yama.ptrace_scope spec.current = \"0\": weaker than 1, which Talos v1.11 sets",
                "talos/nftableschain.json:0 TG-LIVE-008 high node 10.5.0.2: nftableschain: no ingress chain for the node: the ingress firewall is off (no NetworkDefaultActionConfig or NetworkRuleConfig applied)",
                "talos/securitystate.json:13 TG-LIVE-002 medium node 10.5.0.2: securitystate spec.selinuxState is absent: SELinux is disabled",
                "talos/securitystate.json:14 TG-LIVE-001 high node 10.5.0.2: securitystate spec.secureBoot = false: Secure Boot is not active",
                "talos/volumestatus.json:14 TG-LIVE-005 medium node 10.5.0.2: volumestatus EPHEMERAL spec.configuredEncryptionKeys = [\"nodeID\"]: EPHEMERAL is keyed only by nodeID keys (no TPM or KMS key)",
                "talos/volumestatus.json:48 TG-LIVE-004 high node 10.5.0.2: volumestatus STATE spec.encryptionProvider is absent: STATE is not encrypted",
            ],
            Lines("v1.11-broken", Verify("v1.11-broken", IscsiTools)));
    }

    [Fact]
    public void A_healthy_and_a_weakened_v1_12_node()
    {
        // The control plane 10.5.0.2 is healthy; perf_event_paranoid=4 on the worker is stricter than 3, not weaker,
        // and the Image Factory "schematic" entry is not an extension.
        Assert.Equal(
            [
                "talos/extensions.json:77 TG-LIVE-009 low node 10.5.0.3: extensions 0 spec.metadata.name = \"gvisor\" (version 20250505.0): not among --expect-extensions",
                "talos/kernelparamstatus.json:482 TG-LIVE-007 medium node 10.5.0.3: kernelparamstatus proc.sys.kernel.kptr_restrict spec.current = \"1\": weaker than 2, which Talos v1.12 sets",
                "talos/kernelparamstatus.json:626 TG-LIVE-007 info node 10.5.0.3: kernelparamstatus proc.sys.user.max_user_namespaces spec.current = \"11255\": weaker than 0, which Talos v1.12 sets",
                "talos/nftableschain.json:107 TG-LIVE-008 high node 10.5.0.3: nftableschain ingress spec.policy = \"accept\": the ingress firewall accepts whatever its rules do not match (NetworkDefaultActionConfig ingress: accept)",
                "talos/securitystate.json:33 TG-LIVE-003 medium node 10.5.0.3: securitystate spec.moduleSignatureEnforced is absent: kernel module signatures are not enforced (Talos v1.12)",
                "talos/securitystate.json:37 TG-LIVE-002 medium node 10.5.0.3: securitystate spec.selinuxState = \"enabled, permissive\": SELinux is not enforcing",
                "talos/volumestatus.json:102 TG-LIVE-006 low node 10.5.0.3: volumestatus EPHEMERAL spec.encryptionLockedToState is absent: the encrypted EPHEMERAL volume is not locked to STATE",
                "talos/volumestatus.json:103 TG-LIVE-005 medium node 10.5.0.3: volumestatus EPHEMERAL spec.configuredEncryptionKeys = [\"nodeID\", \"static\"]: EPHEMERAL is keyed only by nodeID and static keys (no TPM or KMS key)",
            ],
            Lines("v1.12-mixed", Verify("v1.12-mixed", IscsiTools)));
    }

    [Fact]
    public void V1_13_nodes_with_refusals_and_missing_files_are_judged_where_there_is_evidence()
    {
        var verified = Verify("v1.13-partial");

        // 10.5.0.3 refused securitystate and kernelparamstatus: nothing is judged on them, and nothing passes silently.
        Assert.Equal(
            [
                "talos/kernelparamstatus.json:446 TG-LIVE-007 medium node 10.5.0.4: kernelparamstatus proc.sys.fs.suid_dumpable spec.current = \"2\": weaker than 0, which Talos v1.13 sets",
                "talos/kernelparamstatus.json:554 TG-LIVE-007 medium node 10.5.0.4: kernelparamstatus proc.sys.kernel.unprivileged_bpf_disabled spec.current = \"2\": weaker than 1, which Talos v1.13 sets",
                "talos/kernelparamstatus.json:644 TG-LIVE-007 medium node 10.5.0.4: kernelparamstatus proc.sys.vm.unprivileged_userfaultfd spec.current = \"1\": weaker than 0, which Talos v1.13 sets",
                "talos/nftableschain.json:0 TG-LIVE-008 high node 10.5.0.4: nftableschain: no ingress chain for the node: the ingress firewall is off (no NetworkDefaultActionConfig or NetworkRuleConfig applied)",
                "talos/securitystate.json:33 TG-LIVE-003 medium node 10.5.0.4: securitystate spec.moduleSignatureEnforced is absent: kernel module signatures are not enforced (Talos v1.13)",
                "talos/volumestatus.json:192 TG-LIVE-004 high node 10.5.0.4: volumestatus EPHEMERAL spec.encryptionProvider is absent: EPHEMERAL is not encrypted",
                "talos/volumestatus.json:224 TG-LIVE-005 medium node 10.5.0.4: volumestatus STATE spec.configuredEncryptionKeys = [\"static\"]: STATE is keyed only by static keys (no TPM or KMS key)",
            ],
            Lines("v1.13-partial", verified));
        Assert.Equal(
            [
                "- apiserverconfig", "- auditpolicyconfig", "- cmdline", "- extensions", "- kubeletspec", "- kubernetes", "- machineconfig", "- mounts",
                "- staticpods", "10.5.0.3 kernelparamstatus", "10.5.0.3 securitystate",
            ],
            verified.NotCollected.Select(n => $"{n.Node ?? "-"} {n.Resource}"));
        Assert.Equal(["10.5.0.2", "10.5.0.3", "10.5.0.4"], verified.Nodes.Select(n => n.Address));
    }

    [Fact]
    public void A_node_without_a_version_is_not_judged_by_version_gated_rules()
    {
        using var copy = TestBundles.Copy("v1.12-mixed");
        copy.Edit("manifest.json", text => text.Replace("\"talosVersion\": \"v1.12.4\"", "\"talosVersion\": \"\"", StringComparison.Ordinal));

        var verified = VerifyService.Verify(new VerifyRequest(copy.Path));

        Assert.DoesNotContain(verified.Findings, f => f.RuleId is "TG-LIVE-003" or "TG-LIVE-006" or "TG-LIVE-007");
        Assert.Contains(verified.NotCollected, n => n is { Node: "10.5.0.3", Resource: "securitystate" } && n.Reason.Contains("TG-LIVE-003 judges only Talos v1.12 and later", StringComparison.Ordinal));
        Assert.Contains(verified.NotCollected, n => n is { Node: "10.5.0.2", Resource: "kernelparamstatus" });
    }

    [Fact]
    public void A_collected_file_without_the_node_s_volume_lists_it_as_not_collected()
    {
        using var copy = TestBundles.Copy("v1.11-healthy");
        copy.Edit("talos/volumestatus.json", text => text[..text.LastIndexOf("{\n    \"metadata\"", StringComparison.Ordinal)]);

        var verified = VerifyService.Verify(new VerifyRequest(copy.Path));

        Assert.Empty(verified.Findings);
        Assert.Contains(new Talguard.Evidence.NotCollectedEvidence("10.5.0.2", "volumestatus", "no volumestatus STATE for the node in talos/volumestatus.json"), verified.NotCollected);
    }

    [Fact]
    public void Verdicts_are_the_same_on_every_run()
    {
        var first = Lines("v1.12-mixed", Verify("v1.12-mixed", IscsiTools));
        for (var run = 0; run < 3; run++)
        {
            Assert.Equal(first, Lines("v1.12-mixed", Verify("v1.12-mixed", IscsiTools)));
        }
    }

    private static VerifyResult Verify(string bundle, string[]? extensions = null) =>
        VerifyService.Verify(new VerifyRequest(TestBundles.Path(bundle)) { ExpectedExtensions = extensions });

    private static List<string> Lines(string bundle, VerifyResult result) =>
        [.. result.Findings.Select(f => $"{f.Location.File[(TestBundles.Display(bundle).Length + 1)..]}:{f.Location.Line} {f.RuleId} {f.Severity.ToName()} {f.Message}")];
}
