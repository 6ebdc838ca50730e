using System.Globalization;
using System.Text;
using Talguard.Hardening.Certificates;
using Talguard.Services;

namespace Talguard.Reports;

/// <summary>
/// <c>talguard certs --runbook</c>: the commands that renew what is expired or expires within the warning window, in
/// the order they must run. CAs first (rotating a CA re-issues the client certificates it signed), then talosconfig
/// and kubeconfig client certificates; nodes and endpoints come from the talosconfigs among the inputs, else a
/// placeholder names what to fill in. talosctl rotate-ca rotates the Talos API and Kubernetes CAs only; etcd and
/// front-proxy CAs are renewed by hand, and the runbook says so.
/// </summary>
public static class RotationRunbook
{
    private const string NodePlaceholder = "<control-plane-ip>";

    public static string Text(CertificatesResult result, TimeSpan maxAdminTtl)
    {
        var text = new StringBuilder();
        var expiring = result.Expiring.ToList();
        var window = result.ExpiryWarningDays.ToString(CultureInfo.InvariantCulture);
        if (expiring.Count == 0)
        {
            text.Append("Nothing to rotate: no certificate among the inputs is expired or expires within ").Append(window).Append(" days of ")
                .Append(CertificateReportWriters.Date(result.Now)).Append(".\n");
            return text.ToString();
        }

        // talosctl needs a working os:admin talosconfig: one that is not expiring and verifies against a CA among the inputs, else any with endpoints.
        var withEndpoints = result.Certificates.Where(c => c.Source == CertificateSource.Talosconfig && !c.IsCa && c.Endpoints.Count > 0).ToList();
        var talosconfig = withEndpoints.FirstOrDefault(c => c.TalosRoles.Contains("os:admin") && c.DaysLeft >= result.ExpiryWarningDays && c.Chain == ChainStatus.Verified)
            ?? withEndpoints.FirstOrDefault();
        var endpoints = talosconfig?.Endpoints ?? [];
        var nodes = talosconfig is { Nodes.Count: > 0 } ? talosconfig.Nodes : endpoints;
        var node = nodes.Count > 0 ? nodes[0] : NodePlaceholder;
        var endpoint = endpoints.Count > 0 ? endpoints[0] : node;
        var talosconfigFile = talosconfig?.File ?? "talosconfig";
        var secrets = result.Certificates.FirstOrDefault(c => c.Source == CertificateSource.SecretsBundle)?.File ?? "secrets.yaml";

        text.Append("Rotation runbook: ").Append(expiring.Count.ToString(CultureInfo.InvariantCulture)).Append(" certificate(s) expired or expiring within ")
            .Append(window).Append(" days of ").Append(CertificateReportWriters.Date(result.Now)).Append(".\n");
        var step = 0;

        void Step(string title, IEnumerable<CertificateRecord> records, IEnumerable<string> commands, string? note = null)
        {
            step++;
            text.Append('\n').Append(step.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(title).Append('\n');
            foreach (var record in records)
            {
                text.Append("   ").Append(Describe(record)).Append('\n');
            }

            if (note is not null)
            {
                text.Append("   ").Append(note).Append('\n');
            }

            foreach (var command in commands)
            {
                text.Append("   $ ").Append(command).Append('\n');
            }
        }

        var talosCas = expiring.Where(r => r.IsCa && r.Authority == "os").ToList();
        var kubernetesCas = expiring.Where(r => r.IsCa && r.Authority == "k8s").ToList();
        var otherCas = expiring.Where(r => r.IsCa && r.Authority is "etcd" or "k8saggregator").ToList();
        var talosClients = expiring.Where(r => !r.IsCa && r.Source == CertificateSource.Talosconfig).ToList();
        var kubeClients = expiring.Where(r => !r.IsCa && r.Source == CertificateSource.Kubeconfig).ToList();
        var others = expiring.Except(talosCas).Except(kubernetesCas).Except(otherCas).Except(talosClients).Except(kubeClients).ToList();
        var rotate = $"talosctl --talosconfig {talosconfigFile} -e {endpoint} -n {node} rotate-ca";
        if (talosCas.Count > 0 || kubernetesCas.Count > 0)
        {
            var talos = talosCas.Count > 0 ? "true" : "false";
            var kubernetes = kubernetesCas.Count > 0 ? "true" : "false";
            Step(
                talosCas.Count > 0 && kubernetesCas.Count > 0 ? "Rotate the Talos API and Kubernetes CAs" : talosCas.Count > 0 ? "Rotate the Talos API CA" : "Rotate the Kubernetes CA",
                [.. talosCas, .. kubernetesCas],
                [
                    $"{rotate} --talos={talos} --kubernetes={kubernetes} --dry-run=true",
                    $"{rotate} --talos={talos} --kubernetes={kubernetes} --dry-run=false" + (talosCas.Count > 0 ? $" -o {talosconfigFile}" : string.Empty),
                    $"talosctl gen secrets --from-controlplane-config controlplane.yaml -o {secrets}",
                ],
                "rotate-ca adds the new CA as accepted, swaps the issuing CA and refreshes every certificate; then keep the new CA in the secrets bundle and in Git (the last command, on a control-plane config fetched with talosctl get machineconfig):");
        }

        if (otherCas.Count > 0)
        {
            Step("Renew the etcd and front-proxy (aggregator) CAs by hand", otherCas, [],
                "talosctl rotate-ca does not rotate these: generate a new CA, add it to cluster.etcd.ca / cluster.aggregatorCA of every control-plane config and apply the configs one node at a time.");
        }

        foreach (var record in talosClients)
        {
            var roles = record.TalosRoles.Count > 0 ? string.Join(',', record.TalosRoles) : "os:reader";
            var lifetime = record.NotAfter - record.NotBefore;
            if (record.TalosRoles.Contains("os:admin") && lifetime > maxAdminTtl)
            {
                lifetime = maxAdminTtl;
            }

            var ttl = Math.Max(1, (long)lifetime.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
            var context = record.Context.Length > 0 ? record.Context : "admin";
            var contextEndpoints = record.Endpoints.Count > 0 ? string.Join(' ', record.Endpoints) : endpoint;
            var contextNodes = record.Nodes.Count > 0 ? " --nodes " + string.Join(' ', record.Nodes) : string.Empty;
            Step($"Renew the talosconfig client certificate of context {context}", [record],
                [
                    $"talosctl --talosconfig {talosconfigFile} -e {endpoint} -n {node} config new --roles {roles} --crt-ttl {ttl} {record.File}.new",
                    $"talguard talosconfig new --secrets {secrets} --role {roles} --ttl {ttl} --context {context} --endpoints {contextEndpoints}{contextNodes} -o {record.File}.new",
                ],
                "with a working os:admin talosconfig (first command), or offline from the secrets bundle (second); then replace the file with the .new one:");
        }

        foreach (var record in kubeClients)
        {
            Step($"Renew the kubeconfig client certificate of user {record.Context}", [record],
                [$"talosctl --talosconfig {talosconfigFile} -e {endpoint} -n {node} kubeconfig {record.File} --force"],
                "talosctl kubeconfig mints a new one-year admin client certificate from the cluster's Kubernetes CA:");
        }

        if (others.Count > 0)
        {
            Step("Re-issue the other certificates from their CA", others, [],
                "these are not managed by Talos: re-issue each from the CA that signed it and replace the file.");
        }

        return text.ToString();
    }

    private static string Describe(CertificateRecord record)
    {
        var days = record.DaysLeft < 0
            ? $"expired {(-record.DaysLeft).ToString(CultureInfo.InvariantCulture)} day(s) ago"
            : $"{record.DaysLeft.ToString(CultureInfo.InvariantCulture)} day(s) left";
        return $"{record.Place} {record.Where}: {record.Subject}, not after {CertificateReportWriters.Date(record.NotAfter)} ({days})";
    }
}
