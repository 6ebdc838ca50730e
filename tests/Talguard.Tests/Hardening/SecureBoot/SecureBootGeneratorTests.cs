using Talguard.Findings;
using Talguard.Hardening;
using Talguard.Hardening.SecureBoot;
using Talguard.Model.Profile;
using static Talguard.Tests.Hardening.GeneratorProof;

namespace Talguard.Tests.Hardening.SecureBoot;

/// <summary>The Secure Boot installer image in the form each release reads, proven on gen-config bases.</summary>
public sealed class SecureBootGeneratorTests
{
    private static readonly Section[] Sections = [Section.SecureBoot, Section.Config];

    [Theory]
    [MemberData(nameof(ReleaseLines), MemberType = typeof(GeneratorProof))]
    public async Task Secure_boot_installer_validates_and_scans_clean(string line)
    {
        var profile = Profile(line);
        var plan = Plan(profile, new SecureBootGenerator());

        var findings = await Prove(line, profile, plan, Sections);

        Assert.Empty(plan.Accepted);
        Assert.DoesNotContain(findings, f => f.RuleId == SecureBootInstallImageRule.Definition.Id);
        Assert.Contains(
            $"factory.talos.dev/installer-secureboot/{InstallImage.VanillaSchematic}:{profile.TalosRelease}",
            PatchText(plan, PatchTargets.Worker), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.11", "machine:\n  install:\n")]
    [InlineData("v1.13", "machine:\n  install:\n")]
    [InlineData("v1.14", "kind: UnattendedInstallConfig\ninstaller:\n")]
    public void The_image_goes_where_the_release_reads_it(string line, string form)
    {
        var plan = Plan(Profile(line), new SecureBootGenerator());

        Assert.Equal(PatchText(plan, PatchTargets.ControlPlane), PatchText(plan, PatchTargets.Worker));
        Assert.Contains(form, PatchText(plan, PatchTargets.Worker), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReleaseLines), MemberType = typeof(GeneratorProof))]
    public async Task Off_writes_nothing_and_accepts_the_install_image_finding(string line)
    {
        var profile = Profile(line) with { SecureBoot = new SecureBootProfile(Enabled: false) };
        var plan = Plan(profile, new SecureBootGenerator());

        Assert.Empty(plan.Patches);
        Assert.Equal(SecureBootInstallImageRule.Definition.Id, Assert.Single(plan.Accepted).RuleId);
        await Prove(line, profile, plan, Sections);
    }

    [Fact]
    public void The_profile_schematic_and_installer_image_are_used_as_given()
    {
        const string Schematic = "ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515";
        var bySchematic = Profile("v1.13") with { SecureBoot = new SecureBootProfile(true, SchematicId: Schematic) };
        var byImage = Profile("v1.13") with { SecureBoot = new SecureBootProfile(true, InstallerImage: "factory.talos.dev/metal-installer-secureboot/abc:v1.13.9") };

        Assert.Equal($"factory.talos.dev/installer-secureboot/{Schematic}:v1.13.9", SecureBootGenerator.InstallerImage(bySchematic));
        Assert.Equal("factory.talos.dev/metal-installer-secureboot/abc:v1.13.9", SecureBootGenerator.InstallerImage(byImage));
        Assert.Empty(Plan(byImage, new SecureBootGenerator()).Accepted);
    }

    [Fact]
    public async Task A_custom_imager_built_installer_is_accepted_with_the_option_that_recognises_it()
    {
        var profile = Profile("v1.12") with { SecureBoot = new SecureBootProfile(true, InstallerImage: "registry.example.com/talos/installer:v1.12.11") };
        var plan = Plan(profile, new SecureBootGenerator());

        Assert.Contains("--secureboot-image", Assert.Single(plan.Accepted).Reason, StringComparison.Ordinal);
        await Prove("v1.12", profile, plan, Sections);
    }

    [Fact]
    public void Notes_say_how_to_verify_and_that_grub_installs_need_a_reinstall()
    {
        var notes = Plan(Profile("v1.13"), new SecureBootGenerator()).Notes;

        Assert.Contains(notes, n => !n.ExistingClusterOnly && n.Markdown.Contains("talosctl get securitystate", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.ExistingClusterOnly && n.Markdown.Contains("GRUB", StringComparison.Ordinal));
    }
}
