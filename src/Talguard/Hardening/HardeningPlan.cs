using Talguard.Findings;
using Talguard.Model.Profile;
using Talguard.Model.Talos.Patching;

namespace Talguard.Hardening;

/// <summary>Which machine-config patch a generated document goes into.</summary>
[Flags]
internal enum PatchTargets
{
    ControlPlane = 1,
    Worker = 2,
    All = ControlPlane | Worker,
}

/// <summary>
/// One guide section's part of <c>talguard harden</c>: reads the profile, adds that section's patch documents,
/// manifests, placeholders, notes and accepted findings to the plan. Generators are pure: same profile, same plan.
/// </summary>
internal interface IHardeningGenerator
{
    Section Section { get; }

    void Generate(HardeningProfile profile, HardeningPlan plan);
}

/// <summary>A patch document for the control-plane and/or worker patch, from one section.</summary>
/// <param name="Document">A v1alpha1 fragment (<c>machine:</c>/<c>cluster:</c>) or a whole typed document (<c>apiVersion</c>, <c>kind</c>, ...).</param>
internal sealed record PlannedPatch(Section Section, PatchTargets Targets, ConfigMapping Document);

/// <summary>One document of <c>manifests/<see cref="FileName"/></c>; documents of one file keep the order they were added in.</summary>
internal sealed record PlannedManifest(Section Section, string FileName, ConfigMapping Document);

/// <summary>A <c>${Name}</c> placeholder a patch or manifest uses instead of a secret; listed in <c>secrets.env.example</c>.</summary>
internal sealed record PlannedPlaceholder(string Name, string Description);

/// <summary>A finding of <c>talguard scan</c> the profile deliberately accepts, and why.</summary>
internal sealed record AcceptedFinding(string RuleId, string Reason);

/// <summary>A step or caution for the output's README, from one section (Markdown, one paragraph).</summary>
/// <param name="ExistingClusterOnly">True for what only an existing cluster needs (e.g. wiping STATE and EPHEMERAL to encrypt them).</param>
internal sealed record PlannedNote(Section Section, string Markdown, bool ExistingClusterOnly = false);

/// <summary>What the generators produce for one profile; the harden service writes it out.</summary>
internal sealed class HardeningPlan
{
    private readonly List<PlannedPatch> _patches = [];
    private readonly List<PlannedManifest> _manifests = [];
    private readonly List<PlannedPlaceholder> _placeholders = [];
    private readonly List<AcceptedFinding> _accepted = [];
    private readonly List<PlannedNote> _notes = [];

    public IReadOnlyList<PlannedPatch> Patches => _patches;

    public IReadOnlyList<PlannedManifest> Manifests => _manifests;

    public IReadOnlyList<PlannedPlaceholder> Placeholders => _placeholders;

    public IReadOnlyList<AcceptedFinding> Accepted => _accepted;

    public IReadOnlyList<PlannedNote> Notes => _notes;

    public void AddPatch(Section section, PatchTargets targets, ConfigMapping document) => _patches.Add(new(section, targets, document));

    public void AddManifest(Section section, string fileName, ConfigMapping document) => _manifests.Add(new(section, fileName, document));

    /// <summary>Adds a placeholder once; a second generator naming the same one keeps the first description.</summary>
    public void AddPlaceholder(string name, string description)
    {
        if (!_placeholders.Exists(p => p.Name == name))
        {
            _placeholders.Add(new(name, description));
        }
    }

    public void Accept(string ruleId, string reason) => _accepted.Add(new(ruleId, reason));

    public void AddNote(Section section, string markdown, bool existingClusterOnly = false) => _notes.Add(new(section, markdown, existingClusterOnly));
}
