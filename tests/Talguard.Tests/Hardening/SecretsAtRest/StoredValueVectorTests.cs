using Talguard.Hardening.SecretsAtRest.Etcd;
using Talguard.Tests.Support;

namespace Talguard.Tests.Hardening.SecretsAtRest;

/// <summary>Every value file of ../shared/vectors/etcd/values: its class, and the aescbc ones decrypt to their plaintext exactly.</summary>
public sealed class StoredValueVectorTests
{
    [Theory]
    [InlineData("a_v1.bin", StorageProvider.AesCbc, "key1", null)]
    [InlineData("a_v2.bin", StorageProvider.AesCbc, "key1", null)]
    [InlineData("a_v3.bin", StorageProvider.AesCbc, "key1", null)]
    [InlineData("b.bin", StorageProvider.Secretbox, "key1", null)]
    [InlineData("c.bin", StorageProvider.Identity, "", null)]
    [InlineData("d.bin", StorageProvider.KmsV2, "mykms", "kms-key-id-1")]
    [InlineData("cm.json", StorageProvider.Identity, "", null)]
    [InlineData("plain_a_v1.bin", StorageProvider.Identity, "", null)]
    public void Each_value_is_classified_by_its_prefix(string file, StorageProvider provider, string keyName, string? kmsKeyId)
    {
        var stored = StoredValue.Classify(File.ReadAllBytes(SharedData.Require("vectors/etcd/values/" + file)));
        Assert.Equal((provider, keyName, kmsKeyId), (stored.Provider, stored.KeyName, stored.KmsKeyId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Aescbc_values_decrypt_to_their_plaintext_exactly(int version)
    {
        var value = File.ReadAllBytes(SharedData.Require($"vectors/etcd/values/a_v{version}.bin"));
        var expected = File.ReadAllBytes(SharedData.Require($"vectors/etcd/values/plain_a_v{version}.bin"));
        var stored = StoredValue.Classify(value);
        var plaintext = new byte[stored.Payload.Length];
        byte[] key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

        Assert.True(IntegrityCheck.TryDecrypt(stored.Provider, stored.Payload, "/registry/secrets/default/a"u8, key, plaintext, out var written));
        Assert.Equal(expected, plaintext[..written]);
        key[0] ^= 1;
        Assert.False(IntegrityCheck.Verify(stored.Provider, stored.Payload, "/registry/secrets/default/a"u8, key));
    }

    [Fact]
    public void The_fake_secretbox_value_fails_authentication()
    {
        var stored = StoredValue.Classify(File.ReadAllBytes(SharedData.Require("vectors/etcd/values/b.bin")));
        Assert.False(IntegrityCheck.Verify(stored.Provider, stored.Payload, "/registry/secrets/default/b"u8, new byte[32]));
    }
}
