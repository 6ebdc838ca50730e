using Talguard.Findings;
using Talguard.Hardening.SecureBoot;
using Talguard.Model;

namespace Talguard.Tests.Model;

/// <summary>Every input is read with a size limit that holds when stat says 0 (devices) or nothing (pipes).</summary>
public class BoundedFileTests
{
    /// <summary>A stream without a length that never ends, as a pipe from <c>yes</c> or <c>/dev/zero</c>.</summary>
    private sealed class EndlessStream(byte fill) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill(fill);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void An_endless_stream_stops_one_byte_past_the_limit()
    {
        var error = Assert.Throws<InputException>(() => BoundedFile.ReadAllBytes("-", new EndlessStream((byte)'a'), 100_000));
        Assert.Equal("-: larger than 100000 bytes", error.OneLine);
    }

    [Fact]
    public void Yaml_stops_at_the_first_nul_byte() =>
        Assert.Equal("binary file (contains NUL bytes), not YAML",
            Assert.Throws<InputException>(() => BoundedFile.ReadAllBytes("-", new EndlessStream(0), InputLoader.MaxFileBytes, yaml: true)).Message);

    [Fact]
    public void A_stream_within_the_limit_is_read_whole()
    {
        var data = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        Assert.Equal(data, BoundedFile.ReadAllBytes("x", new MemoryStream(data), data.Length));
        Assert.Throws<InputException>(() => BoundedFile.ReadAllBytes("x", new MemoryStream(data), data.Length - 1));
    }

    [Fact]
    public void A_device_that_stat_calls_empty_is_read_up_to_the_limit() =>
        Assert.Equal("/dev/zero: larger than 1 KiB", Assert.Throws<InputException>(() => BoundedFile.ReadAllBytes("/dev/zero", "/dev/zero", 1024)).OneLine);

    [Fact]
    public void Standard_input_of_zeros_is_an_input_error() =>
        Assert.Equal("-: binary file (contains NUL bytes), not YAML",
            Assert.Throws<InputException>(() => InputLoader.Load(["-"], () => new EndlessStream(0))).OneLine);

    [Fact]
    public void Endless_standard_input_is_an_input_error_at_the_limit()
    {
        var error = Assert.Throws<InputException>(() => InputLoader.Load(["-"], () => new EndlessStream((byte)'#')));
        Assert.Equal("-: larger than 256 MiB", error.OneLine);
    }

    [Theory]
    [InlineData("scan input")]
    [InlineData("exceptions file")]
    [InlineData("certificate")]
    [InlineData("private key")]
    [InlineData("public key")]
    [InlineData("securitystate")]
    public void Dev_zero_is_an_input_error_naming_it_wherever_it_is_given(string role)
    {
        Action read = role switch
        {
            "scan input" => () => InputLoader.Load(["/dev/zero"]),
            "exceptions file" => () => SuppressionsFile.Load("/dev/zero"),
            "certificate" => () => KeyMaterial.LoadCertificate("/dev/zero"),
            "private key" => () => KeyMaterial.LoadRsaPrivateKey("/dev/zero"),
            "public key" => () => KeyMaterial.LoadPublicKeyInfo("/dev/zero"),
            _ => () => SecurityStateVerifier.Verify("/dev/zero", new SecurityStateExpectations()),
        };

        Assert.Equal("/dev/zero", Assert.Throws<InputException>(read).File);
    }
}
