using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Talguard.Findings;

namespace Talguard.Hardening.Certificates;

/// <summary>TG-CERT-004: a long-lived os:admin talosconfig.</summary>
public sealed class AdminCertificateLifetimeRule : Rule
{
    private const string OrganizationOid = "2.5.4.10";

    /// <summary>Clock skew allowance: issuers often backdate NotBefore a little.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromHours(1);

    public static readonly RuleDescriptor Definition = RuleDescriptor.Create(
        "TG-CERT-004", Severity.Medium, Section.Certificates,
        "Long-lived os:admin talosconfig",
        "A talosconfig client certificate cannot be revoked; one carrying os:admin stays a full-control credential until it expires. Keep admin certificates short-lived and give day-to-day users os:reader or os:operator.",
        "Issue short-lived admin talosconfigs with talosctl config new --roles os:admin --crt-ttl <duration>, and reader/operator roles for routine access.",
        inputs: RuleInputs.Credentials,
        controls: RuleControls.Of("", "3.7.4", "CC6.2"));

    public override RuleDescriptor Descriptor => Definition;

    public override void Check(ScanContext context)
    {
        var inventory = context.Shared(model => new CertificateInventory(model));
        var limit = context.Options.MaxAdminTtl;
        foreach (var client in inventory.Clients.Where(c => c.IsTalos && Organizations(c.Certificate).Contains("os:admin", StringComparer.Ordinal)))
        {
            var lifetime = client.Certificate.NotAfter - client.Certificate.NotBefore;
            if (lifetime > limit + Tolerance)
            {
                context.Report(Definition, client.Document, client.Context,
                    $"talosconfig context {client.Name} holds an os:admin certificate valid for {Hours(lifetime)}, longer than the {Hours(limit)} allowed");
            }
        }
    }

    internal static IEnumerable<string> Organizations(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => !r.HasMultipleElements && r.GetSingleElementType().Value == OrganizationOid)
            .Select(r => r.GetSingleElementValue() ?? string.Empty);

    private static string Hours(TimeSpan span) => ((long)span.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
}
