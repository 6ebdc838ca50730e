using Talguard.Model;
using Talguard.Model.Talos.Patching;
using static Talguard.Tests.Model.Talos.Patching.PatchingTestKit;

namespace Talguard.Tests.Model.Talos.Patching;

/// <summary>Talos's strategic-merge semantics, one rule per test (sources in docs/talos-patching.md).</summary>
public class StrategicMergeTests
{
    private const string Base = """
        version: v1alpha1
        machine:
          type: controlplane
          sysctls:
            kernel.kptr_restrict: "1"
          certSANs: [a.example]
          kubelet:
            extraArgs:
              rotate-server-certificates: "true"
              feature-gates: [A=true]
          network:
            interfaces:
              - interface: eth0
                addresses: [10.0.0.2/24]
                vlans:
                  - vlanId: 10
                    mtu: 1500
              - deviceSelector:
                  hardwareAddr: "aa:bb:cc:dd:ee:ff"
                mtu: 9000
        cluster:
          network:
            podSubnets: [10.244.0.0/16]
            serviceSubnets: [10.96.0.0/12]
          apiServer:
            admissionControl:
              - name: PodSecurity
                configuration:
                  defaults:
                    enforce: baseline
            auditPolicy:
              apiVersion: audit.k8s.io/v1
              kind: Policy
              rules:
                - level: Metadata
        ---
        apiVersion: v1alpha1
        kind: VolumeConfig
        name: EPHEMERAL
        provisioning:
          maxSize: 10GiB
        ---
        apiVersion: v1alpha1
        kind: SideroLinkConfig
        apiUrl: https://siderolink.example/join
        """;

    [Fact]
    public void Mappings_merge_recursively_and_scalars_replace()
    {
        var merged = Apply(Base, "machine:\n  sysctls:\n    kernel.kptr_restrict: \"2\"\n    kernel.yama.ptrace_scope: \"1\"\n  type: worker\n")[0];
        var machine = (ConfigMapping)merged["machine"]!;
        Assert.Equal("worker", machine.Text("type"));
        var sysctls = (ConfigMapping)machine["sysctls"]!;
        Assert.Equal(["kernel.kptr_restrict", "kernel.yama.ptrace_scope"], sysctls.Entries.Select(e => e.Key));
        Assert.Equal("2", sysctls.Text("kernel.kptr_restrict"));
        Assert.NotNull(machine["kubelet"]);
    }

    [Fact]
    public void Lists_append_by_default()
    {
        var machine = (ConfigMapping)Apply(Base, "machine:\n  certSANs: [b.example, a.example]\n")[0]["machine"]!;
        Assert.Equal(["a.example", "b.example", "a.example"], ((ConfigSequence)machine["certSANs"]!).Items.Cast<ConfigScalar>().Select(s => s.Text));
    }

    [Fact]
    public void A_boolean_false_replaces_but_zero_values_and_null_do_not()
    {
        const string config = "version: v1alpha1\nmachine:\n  install:\n    wipe: true\n    image: ghcr.io/x:1\n    diskSelector:\n      size: 4\n";
        AssertMerge(
            config,
            "machine:\n  install:\n    wipe: false\n    image: \"\"\n    diskSelector:\n      size: 0\n    disk: null\n",
            "version: v1alpha1\nmachine:\n  install:\n    wipe: false\n    image: ghcr.io/x:1\n    diskSelector:\n      size: 4\n");
    }

    [Fact]
    public void A_string_false_stays_a_string()
    {
        var args = (ConfigMapping)((ConfigMapping)((ConfigMapping)Apply(Base, "cluster:\n  apiServer:\n    extraArgs:\n      profiling: \"false\"\n")[0]["cluster"]!)["apiServer"]!)["extraArgs"]!;
        Assert.Equal(ScalarKind.String, ((ConfigScalar)args["profiling"]!).Kind);
    }

    [Theory]
    [InlineData("cluster:\n  network:\n    podSubnets: [10.100.0.0/16]\n", "podSubnets")]
    [InlineData("cluster:\n  network:\n    serviceSubnets: [10.200.0.0/16]\n", "serviceSubnets")]
    public void Pod_and_service_subnets_are_replaced(string patch, string key)
    {
        var network = (ConfigMapping)((ConfigMapping)Apply(Base, patch)[0]["cluster"]!)["network"]!;
        Assert.Single(((ConfigSequence)network[key]!).Items);
    }

    [Fact]
    public void The_audit_policy_is_replaced_whole()
    {
        var apiServer = (ConfigMapping)((ConfigMapping)Apply(Base, "cluster:\n  apiServer:\n    auditPolicy:\n      rules:\n        - level: RequestResponse\n")[0]["cluster"]!)["apiServer"]!;
        var policy = (ConfigMapping)apiServer["auditPolicy"]!;
        Assert.Equal(["rules"], policy.Entries.Select(e => e.Key));
        Assert.Single(((ConfigSequence)policy["rules"]!).Items);
    }

    [Fact]
    public void Network_interfaces_merge_by_name_and_append_new_ones()
    {
        var merged = Merge(Base, "machine:\n  network:\n    interfaces:\n      - interface: eth0\n        addresses: [10.0.0.3/24]\n        mtu: 1400\n      - interface: eth1\n        dhcp: true\n");
        var interfaces = Interfaces(merged);
        Assert.Equal(3, interfaces.Items.Count);
        var eth0 = (ConfigMapping)interfaces.Items[0];
        Assert.Equal("1400", eth0.Text("mtu"));
        Assert.Equal(2, ((ConfigSequence)eth0["addresses"]!).Items.Count);
        Assert.Equal("eth1", ((ConfigMapping)interfaces.Items[2]).Text("interface"));
    }

    [Fact]
    public void Network_interfaces_merge_by_an_equal_device_selector_but_never_when_physical_is_set()
    {
        var bySelector = Interfaces(Merge(Base, "machine:\n  network:\n    interfaces:\n      - deviceSelector:\n          hardwareAddr: \"aa:bb:cc:dd:ee:ff\"\n        mtu: 1280\n"));
        Assert.Equal(2, bySelector.Items.Count);
        Assert.Equal("1280", ((ConfigMapping)bySelector.Items[1]).Text("mtu"));

        const string physical = "version: v1alpha1\nmachine:\n  network:\n    interfaces:\n      - deviceSelector:\n          physical: true\n        mtu: 9000\n";
        var pointers = Interfaces(Merge(physical, "machine:\n  network:\n    interfaces:\n      - deviceSelector:\n          physical: true\n        mtu: 1280\n"));
        Assert.Equal(2, pointers.Items.Count);
    }

    [Fact]
    public void Vlans_merge_by_vlan_id()
    {
        var interfaces = Interfaces(Merge(Base, "machine:\n  network:\n    interfaces:\n      - interface: eth0\n        vlans:\n          - vlanId: 10\n            mtu: 1400\n          - vlanId: 20\n"));
        var vlans = (ConfigSequence)((ConfigMapping)interfaces.Items[0])["vlans"]!;
        Assert.Equal(2, vlans.Items.Count);
        Assert.Equal("1400", ((ConfigMapping)vlans.Items[0]).Text("mtu"));
    }

    [Fact]
    public void Admission_plugins_merge_by_name()
    {
        var apiServer = (ConfigMapping)((ConfigMapping)Apply(Base, "cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n        configuration:\n          defaults:\n            enforce: restricted\n      - name: EventRateLimit\n")[0]["cluster"]!)["apiServer"]!;
        var plugins = (ConfigSequence)apiServer["admissionControl"]!;
        Assert.Equal(2, plugins.Items.Count);
        var defaults = (ConfigMapping)((ConfigMapping)((ConfigMapping)plugins.Items[0])["configuration"]!)["defaults"]!;
        Assert.Equal("restricted", defaults.Text("enforce"));
    }

    [Fact]
    public void Extra_args_are_replaced_argument_by_argument()
    {
        var kubelet = (ConfigMapping)((ConfigMapping)Apply(Base, "machine:\n  kubelet:\n    extraArgs:\n      feature-gates: [B=true]\n      rotate-server-certificates: \"\"\n")[0]["machine"]!)["kubelet"]!;
        var args = (ConfigMapping)kubelet["extraArgs"]!;
        Assert.Equal("B=true", ((ConfigScalar)Assert.Single(((ConfigSequence)args["feature-gates"]!).Items)).Text);
        Assert.Equal(string.Empty, args.Text("rotate-server-certificates"));
    }

    [Fact]
    public void Extension_config_files_merge_by_mount_path_and_image_rules_are_replaced_by_image()
    {
        const string config = """
            apiVersion: v1alpha1
            kind: ExtensionServiceConfig
            name: nut
            configFiles:
              - content: old
                mountPath: /etc/a
            ---
            apiVersion: v1alpha1
            kind: ImageVerificationConfig
            rules:
              - image: "registry.k8s.io/*"
                skip: true
                keyless: {}
            """;
        const string patch = """
            apiVersion: v1alpha1
            kind: ExtensionServiceConfig
            name: nut
            configFiles:
              - content: new
                mountPath: /etc/a
              - content: other
                mountPath: /etc/b
            ---
            apiVersion: v1alpha1
            kind: ImageVerificationConfig
            rules:
              - image: "registry.k8s.io/*"
                skip: false
            """;
        AssertMerge(config, patch, """
            apiVersion: v1alpha1
            kind: ExtensionServiceConfig
            name: nut
            configFiles:
              - content: new
                mountPath: /etc/a
              - content: other
                mountPath: /etc/b
            ---
            apiVersion: v1alpha1
            kind: ImageVerificationConfig
            rules:
              - image: "registry.k8s.io/*"
                skip: false
            """);
    }

    [Fact]
    public void Network_rule_ports_and_ingress_are_replaced()
    {
        const string config = "apiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: etcd\nportSelector:\n  ports: [2379]\n  protocol: tcp\ningress:\n  - subnet: 0.0.0.0/0\n";
        const string patch = "apiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: etcd\nportSelector:\n  ports: [2380]\ningress:\n  - subnet: 10.0.0.0/8\n";
        AssertMerge(config, patch, "apiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: etcd\nportSelector:\n  ports: [2380]\n  protocol: tcp\ningress:\n  - subnet: 10.0.0.0/8\n");
    }

    [Fact]
    public void The_v1_14_audit_policy_document_replaces_its_configuration()
    {
        const string config = "apiVersion: v1alpha1\nkind: KubeAuditPolicyConfig\nconfiguration:\n  kind: Policy\n  rules:\n    - level: None\n";
        const string patch = "apiVersion: v1alpha1\nkind: KubeAuditPolicyConfig\nconfiguration:\n  rules:\n    - level: Metadata\n";
        AssertMerge(config, patch, "apiVersion: v1alpha1\nkind: KubeAuditPolicyConfig\nconfiguration:\n  rules:\n    - level: Metadata\n");
    }

    [Fact]
    public void A_document_merges_into_the_one_with_the_same_kind_and_name_or_is_appended()
    {
        var merged = Apply(Base, """
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: EPHEMERAL
            encryption:
              provider: luks2
            ---
            apiVersion: v1alpha1
            kind: VolumeConfig
            name: STATE
            encryption:
              provider: luks2
            """);
        Assert.Equal(4, merged.Count);
        Assert.NotNull(merged[1]["provisioning"]);
        Assert.NotNull(merged[1]["encryption"]);
        Assert.Equal("STATE", merged[3].Text("name"));
    }

    [Fact]
    public void Patch_delete_removes_a_key_a_list_item_and_a_document()
    {
        var merged = Apply(Base, """
            machine:
              sysctls:
                kernel.kptr_restrict:
                  $patch: delete
              network:
                interfaces:
                  - interface: eth0
                    $patch: delete
            cluster:
              apiServer:
                auditPolicy:
                  $patch: delete
            ---
            apiVersion: v1alpha1
            kind: SideroLinkConfig
            $patch: delete
            """);
        Assert.Equal(2, merged.Count);
        var machine = (ConfigMapping)merged[0]["machine"]!;
        Assert.Empty(((ConfigMapping)machine["sysctls"]!).Entries);
        Assert.Single(((ConfigSequence)((ConfigMapping)machine["network"]!)["interfaces"]!).Items);
        Assert.Null(((ConfigMapping)((ConfigMapping)merged[0]["cluster"]!)["apiServer"]!)["auditPolicy"]);
        Assert.Equal("VolumeConfig", merged[1].Text("kind"));
    }

    [Fact]
    public void Deletes_apply_before_the_rest_of_the_document_merges()
    {
        var merged = Apply(Base, "machine:\n  certSANs:\n    $patch: delete\n  network:\n    interfaces:\n      - interface: eth0\n        $patch: delete\n      - interface: eth0\n        dhcp: true\n");
        var interfaces = (ConfigSequence)((ConfigMapping)((ConfigMapping)merged[0]["machine"]!)["network"]!)["interfaces"]!;
        Assert.Equal(2, interfaces.Items.Count);
        Assert.Equal("true", ((ConfigMapping)interfaces.Items[1]).Text("dhcp"));
        Assert.Null(((ConfigMapping)merged[0]["machine"]!)["certSANs"]);
    }

    [Fact]
    public void Deleting_a_document_the_config_lacks_is_skipped()
    {
        Assert.Equal(3, Apply(Base, "apiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\n$patch: delete\n").Count);
    }

    [Fact]
    public void Deleting_under_a_missing_parent_fails_at_the_patch_line()
    {
        var error = Assert.Throws<InputException>(() => Apply("version: v1alpha1\nmachine:\n  type: worker\n", "machine:\n  network:\n    hostname:\n      $patch: delete\n"));
        Assert.Equal(("patch0.yaml", 4), (error.File, error.Line));
    }

    [Fact]
    public void A_patch_whose_shape_differs_from_the_config_fails_at_its_line()
    {
        var error = Assert.Throws<InputException>(() => Apply(Base, "machine:\n  type:\n    nested: true\n"));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void The_input_documents_are_not_changed()
    {
        var documents = Documents(Base);
        var before = Json(documents);
        _ = TalosPatchApplier.Apply(documents, TalosPatchReader.Read("p.yaml", "machine:\n  type: worker\n  certSANs: [b]\n"));
        Assert.Equal(before, Json(documents));
    }

    [Fact]
    public void Large_mappings_keep_order_and_find_every_key_after_removals()
    {
        var config = "version: v1alpha1\nmachine:\n  sysctls:\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"    k{i}: \"{i}\"\n"));
        var patch = "machine:\n  sysctls:\n    k3:\n      $patch: delete\n    k39: \"x\"\n    k40: \"new\"\n    k0: \"y\"\n";
        var sysctls = (ConfigMapping)((ConfigMapping)Apply(config, patch)[0]["machine"]!)["sysctls"]!;
        Assert.Equal(Enumerable.Range(0, 41).Where(i => i != 3).Select(i => $"k{i}"), sysctls.Entries.Select(e => e.Key));
        Assert.Equal(("y", "5", "x", "new"), (sysctls.Text("k0"), sysctls.Text("k5"), sysctls.Text("k39"), sysctls.Text("k40")));
        Assert.Null(sysctls["k3"]);
    }

    private static ConfigSequence Interfaces(string mergedYaml) =>
        (ConfigSequence)((ConfigMapping)((ConfigMapping)Documents(mergedYaml)[0]["machine"]!)["network"]!)["interfaces"]!;
}
