using System.Diagnostics;
using System.Globalization;
using System.Text;
using Talguard.Model;
using Talguard.Tests.Support;

namespace Talguard.Tests.Credentials;

/// <summary>
/// Secrets bundles made by openssl (independently of the code under test) in a throwaway directory, and openssl as
/// the oracle for what talosconfig new and kubeconfig new write.
/// </summary>
internal sealed class CredentialFixtures : IDisposable
{
    public CredentialFixtures()
    {
        OpenSsl = SharedData.RequireTool("openssl", "openssl");
        Directory = System.IO.Directory.CreateTempSubdirectory("talguard-credentials-").FullName;
    }

    public string OpenSsl { get; }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>
    /// A CA made by openssl: <paramref name="keyType"/> ed25519 (PEM relabelled <c>ED25519 PRIVATE KEY</c> as Talos
    /// writes it), ec (SEC1 <c>EC PRIVATE KEY</c>) or rsa (PKCS#1 <c>RSA PRIVATE KEY</c>). Returns the PEM texts.
    /// </summary>
    public (string Certificate, string Key) Ca(string name, string keyType, string organization, int days = 3650)
    {
        var key = PathOf(name + ".key");
        switch (keyType)
        {
            case "ed25519":
                Run("genpkey", "-algorithm", "ed25519", "-out", key);
                break;
            case "ec":
                Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key);
                break;
            default:
                Run("genrsa", "-traditional", "-out", key, "2048");
                break;
        }

        var certificate = PathOf(name + ".crt");
        Run("req", "-x509", "-new", "-key", key, "-subj", "/O=" + organization, "-days", days.ToString(CultureInfo.InvariantCulture), "-out", certificate,
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,digitalSignature");
        var keyPem = File.ReadAllText(key);
        if (keyType == "ed25519")
        {
            keyPem = keyPem.Replace("BEGIN PRIVATE KEY", "BEGIN ED25519 PRIVATE KEY", StringComparison.Ordinal).Replace("END PRIVATE KEY", "END ED25519 PRIVATE KEY", StringComparison.Ordinal);
        }

        return (File.ReadAllText(certificate), keyPem);
    }

    /// <summary>A <c>talosctl gen secrets</c>-shaped bundle; a null key leaves the <c>key</c> field out.</summary>
    public string Bundle(string name, (string Certificate, string? Key) os, (string Certificate, string? Key) kubernetes)
    {
        var text = new StringBuilder()
            .Append("cluster:\n  id: Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyMTI=\n  secret: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=\n")
            .Append("secrets:\n  bootstraptoken: abcdef.0123456789abcdef\n  secretboxencryptionsecret: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=\n")
            .Append("trustdinfo:\n  token: ghijkl.0123456789abcdef\n")
            .Append("certs:\n")
            .Append(Pair("k8s", kubernetes))
            .Append(Pair("os", os))
            .ToString();
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text));

    /// <summary>Runs openssl, failing the test with its stderr when it fails.</summary>
    public string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(OpenSsl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            Assert.Fail("openssl " + string.Join(' ', arguments) + ": still running after 30 s");
        }

        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {stderr}");
        return stdout.Result;
    }

    /// <summary>The value at <paramref name="keys"/> of the one document of a YAML file, read with Talguard's own loader.</summary>
    public static string Value(string file, params string[] keys) =>
        InputLoader.Load([file]).Single().Documents.Single().At(keys)?.AsString() ?? throw new InvalidOperationException($"{file}: no {string.Join('.', keys)}");

    /// <summary>Decodes a base64-of-PEM field into a file for openssl.</summary>
    public string Decoded(string base64, string name)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, Convert.FromBase64String(base64));
        return path;
    }

    /// <summary>A certificate's notBefore or notAfter as openssl prints it (<c>-startdate</c>/<c>-enddate</c>).</summary>
    public DateTimeOffset Date(string certificate, string which)
    {
        var line = Run("x509", "-in", certificate, "-noout", "-" + which).Trim();
        var value = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Replace("  ", " ", StringComparison.Ordinal);
        return DateTimeOffset.ParseExact(value, "MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private static string Pair(string name, (string Certificate, string? Key) pair) =>
        $"  {name}:\n    crt: {Base64(pair.Certificate)}\n" + (pair.Key is null ? string.Empty : $"    key: {Base64(pair.Key)}\n");
}
