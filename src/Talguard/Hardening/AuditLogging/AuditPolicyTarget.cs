using Talguard.Findings;
using Talguard.Model;

namespace Talguard.Hardening.AuditLogging;

/// <summary>
/// A policy the AUD rules check, and where their findings go. A standalone Policy or Talos's inline
/// <c>cluster.apiServer.auditPolicy</c> is part of the scanned document, so findings point at the
/// offending node. A policy held in a <c>machine.files</c> content string, or Talos's built-in default,
/// is not: findings point at the anchor (the content, or where <c>auditPolicy</c> belongs) and the message
/// names the place inside the policy.
/// </summary>
public sealed class AuditPolicyTarget
{
    private readonly string _pathPrefix;
    private readonly YamlNode? _anchor;
    private readonly string? _anchorDescription;

    private AuditPolicyTarget(LocatedDocument document, AuditPolicyReadResult read, string pathPrefix, YamlNode? anchor, string? anchorDescription)
    {
        Document = document;
        Policy = read.Policy;
        DecodeProblems = read.DecodeProblems;
        FormProblems = read.FormProblems;
        _pathPrefix = pathPrefix;
        _anchor = anchor;
        _anchorDescription = anchorDescription;
    }

    public LocatedDocument Document { get; }

    public AuditPolicy Policy { get; }

    /// <summary>Values the API server cannot decode; when there are any, only TG-AUD-008 judges the policy.</summary>
    public IReadOnlyList<AuditPolicyProblem> DecodeProblems { get; }

    /// <summary>A missing or unserved apiVersion/kind (refused; the rules are still judged as written).</summary>
    public IReadOnlyList<AuditPolicyProblem> FormProblems { get; }

    public bool IsTalosConfig => Document.IsTalos;


    /// <summary>Where <c>rules</c> is (or belongs), for findings about the policy as a whole.</summary>
    public (YamlNode? Node, string Path) Rules => (Policy.Node?["rules"] ?? Policy.Node, "rules");

    /// <summary>A policy that is a subtree of <paramref name="document"/> at <paramref name="pathPrefix"/> (empty for the whole document).</summary>
    /// <param name="renderedByTalos">Talos converts the policy before writing it (inline or KubeAuditPolicyConfig): unknown fields are refused.</param>
    public static AuditPolicyTarget InDocument(LocatedDocument document, YamlNode policyNode, string pathPrefix, bool renderedByTalos) =>
        new(document, AuditPolicyReader.Read(policyNode, renderedByTalos), pathPrefix, null, null);

    /// <summary>A policy read from elsewhere (file content, a built-in default), reported at <paramref name="anchor"/>.</summary>
    public static AuditPolicyTarget Detached(LocatedDocument document, AuditPolicyReadResult read, YamlNode? anchor, string anchorPath, string description) =>
        new(document, read, anchorPath, anchor, description);

    /// <summary>
    /// Where a node of the policy is shown, as its findings are placed: at the node itself, or, for a policy read from
    /// elsewhere, at the anchor (then <see cref="Description"/> says what the policy is).
    /// </summary>
    public Location Locate(YamlNode? node, string relativePath)
    {
        if (_anchorDescription is null)
        {
            var path = _pathPrefix.Length == 0 ? relativePath : relativePath.Length == 0 ? _pathPrefix : _pathPrefix + "." + relativePath;
            return Location.At(Document, node ?? Policy.Node, path);
        }

        return Location.At(Document, _anchor, _pathPrefix);
    }

    /// <summary>What a policy read from elsewhere is (a file content, Talos's default); null for a policy inside the document.</summary>
    public string? Description => _anchorDescription;

    /// <summary>Reports at a node of the policy; <paramref name="relativePath"/> is its path inside the policy.</summary>
    public void Report(ScanContext context, RuleDescriptor rule, YamlNode? node, string relativePath, string message, Severity? severity = null)
    {
        if (_anchorDescription is null)
        {
            var path = _pathPrefix.Length == 0 ? relativePath : relativePath.Length == 0 ? _pathPrefix : _pathPrefix + "." + relativePath;
            ReportWithRemediation(context, rule, node ?? Policy.Node, path, message, severity);
            return;
        }

        var place = relativePath.Length == 0 ? _anchorDescription : $"{_anchorDescription}, {relativePath}";
        ReportWithRemediation(context, rule, _anchor, _pathPrefix, $"{place}: {message}", severity);
    }

    /// <summary>With the remediation: a Talos patch for a node config, a replacement Policy for a standalone document.</summary>
    private void ReportWithRemediation(ScanContext context, RuleDescriptor rule, YamlNode? node, string path, string message, Severity? severity)
    {
        if (IsTalosConfig)
        {
            context.ReportMissing(rule, Document, node, path, message, AuditRemediation.TalosPatch, severity);
        }
        else
        {
            context.Add(new Finding(rule, severity ?? rule.Severity, message, Location.At(Document, node, path), ObjectReference.Of(Document), AuditRemediation.PolicyDocument));
        }
    }

    public void Report(ScanContext context, RuleDescriptor rule, AuditPolicyProblem problem, Severity? severity = null) =>
        Report(context, rule, problem.Node, problem.Path, problem.Message, severity);

    public void Report(ScanContext context, RuleDescriptor rule, AuditPolicyRule policyRule, string message, Severity? severity = null) =>
        Report(context, rule, policyRule.Node, policyRule.Path, message, severity);
}
