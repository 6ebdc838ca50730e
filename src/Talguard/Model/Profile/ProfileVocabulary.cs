using Talguard.Hardening.PodSecurity;

namespace Talguard.Model.Profile;

/// <summary>
/// The profile's spelling of every enumerated value, in the order the docs, the writer and the JSON schema list them.
/// The reader, the writer and the schema test share these tables, so the three cannot drift apart.
/// </summary>
internal static class ProfileVocabulary
{
    public static readonly ProfileChoices<DiskEncryptionMode> DiskEncryptionModes = new(
        "diskEncryption.mode",
        [("tpm", DiskEncryptionMode.Tpm), ("tpm+recovery", DiskEncryptionMode.TpmWithRecovery), ("kms", DiskEncryptionMode.Kms), ("nodeID", DiskEncryptionMode.NodeId)]);

    public static readonly ProfileChoices<CniChoice> Cnis = new(
        "network.cni",
        [("cilium", CniChoice.Cilium), ("flannel", CniChoice.Flannel), ("calico", CniChoice.Calico), ("none", CniChoice.None)]);

    public static readonly ProfileChoices<ComplianceTarget> ComplianceTargets = new(
        "compliance",
        [("none", ComplianceTarget.None), ("cis", ComplianceTarget.Cis), ("pci-dss", ComplianceTarget.PciDss), ("soc2", ComplianceTarget.Soc2)]);

    public static readonly ProfileChoices<SecretsAtRestProvider> SecretsAtRestProviders = new(
        "secretsAtRest.provider",
        [("secretbox", SecretsAtRestProvider.Secretbox), ("aescbc", SecretsAtRestProvider.Aescbc)]);

    public static readonly ProfileChoices<PodSecurityLevel> PodSecurityLevels = new(
        "podSecurity.level",
        [("privileged", PodSecurityLevel.Privileged), ("baseline", PodSecurityLevel.Baseline), ("restricted", PodSecurityLevel.Restricted)]);

    /// <summary>Every enumerated field, keyed by its path in the profile (<c>diskEncryption.mode</c>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AllByField { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [DiskEncryptionModes.Field] = DiskEncryptionModes.Names,
        [Cnis.Field] = Cnis.Names,
        [ComplianceTargets.Field] = ComplianceTargets.Names,
        [SecretsAtRestProviders.Field] = SecretsAtRestProviders.Names,
        [PodSecurityLevels.Field] = PodSecurityLevels.Names,
    };
}

/// <summary>The spellings of one enumerated profile field and the values they stand for (case-sensitive, as written).</summary>
internal sealed class ProfileChoices<T>
    where T : struct, Enum
{
    private readonly (string Name, T Value)[] _choices;

    public ProfileChoices(string field, (string Name, T Value)[] choices)
    {
        Field = field;
        _choices = choices;
        Names = [.. choices.Select(c => c.Name)];
    }

    /// <summary>The field's path in the profile.</summary>
    public string Field { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The allowed values as an error message lists them: <c>tpm, tpm+recovery, kms, nodeID</c>.</summary>
    public string Listed => string.Join(", ", Names);

    public bool TryParse(string text, out T value)
    {
        foreach (var (name, choice) in _choices)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                value = choice;
                return true;
            }
        }

        value = default;
        return false;
    }

    public string NameOf(T value)
    {
        foreach (var (name, choice) in _choices)
        {
            if (EqualityComparer<T>.Default.Equals(choice, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"no profile spelling for {typeof(T).Name}.{value}");
    }
}
