using Talguard.Tests.Support;

namespace Talguard.Tests.Reports;

/// <summary>
/// The JSON (and etcd status text) contracts of the etcd, pss and secureboot verbs, byte for byte as the CLI wrote
/// them before their writers moved into the engine. Inputs are named relative to the repository root, as the CLI
/// runs there, so the file names in the reports do not depend on the checkout's location.
/// </summary>
public class ContractGoldenTests
{
    private const string Snapshot = "../shared/vectors/etcd/snap.db";
    private const string SecureBootVectors = "../shared/vectors/secureboot";
    private const string EncryptionConfig = "tests/Talguard.Tests/Reports/testdata/contracts/encryption-config.yaml";

    public static TheoryData<string, int, string[]> Contracts() => new()
    {
        { "etcd-status.json", 0, ["etcd", "status", Snapshot, "-f", "json"] },
        { "etcd-status.txt", 0, ["etcd", "status", Snapshot] },
        { "etcd-check.json", 1, ["etcd", "check", Snapshot, "--encryption-config", EncryptionConfig, "-f", "json"] },
        { "etcd-check-without-keys.json", 1, ["etcd", "check", Snapshot, "-f", "json", "--resource", "secrets", "--resource", "configmaps"] },
        { "pss.json", 1, ["pss", "examples/pod-security", "-f", "json"] },
        { "pss-restricted.json", 1, ["pss", "examples/pod-security", "--level", "restricted", "-f", "json"] },
        { "secureboot-inspect.json", 1, ["secureboot", "inspect", $"{SecureBootVectors}/esl", $"{SecureBootVectors}/auth", $"{SecureBootVectors}/pe", $"{SecureBootVectors}/keys", "-f", "json"] },
        { "secureboot-inspect-option-roms.json", 1, ["secureboot", "inspect", $"{SecureBootVectors}/esl/db.esl", "--hardware", "option-roms", "-f", "json"] },
    };

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Verb_output_matches_its_contract_byte_for_byte(string golden, int exitCode, string[] args)
    {
        SharedData.Require("vectors/etcd/snap.db");
        SharedData.Require("vectors/secureboot/esl");
        var outcome = Support.Cli.Run(args);
        Assert.Equal(string.Empty, outcome.Stderr);
        Assert.Equal(exitCode, outcome.ExitCode);
        TestData.AssertGolden("contracts/" + golden, outcome.Stdout);
    }
}
