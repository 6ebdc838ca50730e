using System.Text;
using Talguard.Model;
using Talguard.Model.Profile;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// The profile reader over damaged profiles: values swapped for hostile text, lines dropped, repeated or cut, bytes
/// flipped. Every input is a profile or one <see cref="InputException"/>; a profile it accepts writes and reads back to
/// the same text, so nothing the reader lets through can make <c>init</c> or <c>harden</c> write what it cannot read.
/// </summary>
public class ProfileFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Seeds =
    [
        ProfileWriter.Write(HardeningProfile.Default),
        ProfileWriter.Write(HardeningProfile.Default with
        {
            DiskEncryption = new DiskEncryptionProfile(DiskEncryptionMode.Kms, "https://kms.example.com:4443"),
            SecureBoot = new SecureBootProfile(true, InstallerImage: "factory.talos.dev/installer-secureboot/abc:v1.12.4"),
            Network = HardeningProfile.Default.Network with { StorageCidrs = ["fd00:20::/64"] },
        }),
    ];

    [Fact]
    public void The_profile_reader_survives_mutations()
    {
        output.WriteLine(FuzzHarness.Run("profile", 1313, FuzzHarness.Iterations(1000), Mutate, bytes =>
        {
            var text = InputLoader.Decode("p.yaml", bytes);
            var written = ProfileWriter.Write(ProfileReader.Parse("p.yaml", text));
            var again = ProfileWriter.Write(ProfileReader.Parse("p.yaml", written));
            if (again != written)
            {
                throw new InvalidOperationException("an accepted profile does not read back to the same text");
            }
        }, bytes => bytes).ToString());
    }

    private static byte[] Mutate(Random random)
    {
        var lines = Seeds[random.Next(Seeds.Length)].Split('\n').ToList();
        for (var edits = random.Next(1, 4); edits > 0 && lines.Count > 0; edits--)
        {
            var at = random.Next(lines.Count);
            var line = lines[at];
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            switch (random.Next(6))
            {
                case 0 when colon > 0:
                    lines[at] = line[..(colon + 2)] + HostileStrings.Next(random);
                    break;
                case 1 when colon > 0:
                    lines[at] = line[..(colon + 2)] + "\"" + HostileStrings.Next(random).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
                    break;
                case 2:
                    lines.RemoveAt(at);
                    break;
                case 3:
                    lines.Insert(at, line);
                    break;
                case 4:
                    lines[at] = line[..random.Next(line.Length + 1)];
                    break;
                default:
                    lines[at] = line.TrimStart().StartsWith('#') ? line.TrimStart('#', ' ') : "  " + line;
                    break;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        if (random.Next(5) == 0 && bytes.Length > 0)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }
}
