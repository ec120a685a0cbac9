using System.Buffers.Binary;
using Rehab.Gateway.Limits;
using Xunit;

namespace Rehab.Gateway.Tests;

/// <summary>The per-message limit on a gRPC request stream, however the bytes happen to be chunked.</summary>
[Trait("Tier", "Fast")]
public sealed class GrpcMessageLimitStreamTests
{
    private const int Limit = 100;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Messages_within_the_limit_pass_through_unchanged(int chunkSize)
    {
        var body = Frames(Limit, 0, 37, Limit);

        var forwarded = await ReadAllAsync(body, chunkSize);

        Assert.Equal(body, forwarded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task A_later_message_over_the_limit_fails_the_stream_before_its_bytes_pass(int chunkSize)
    {
        var body = Frames(10, Limit + 1);

        var error = await Assert.ThrowsAsync<GrpcMessageTooLargeException>(() => ReadAllAsync(body, chunkSize));

        Assert.Contains($"{Limit + 1} bytes", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Frames(params int[] lengths)
    {
        using var buffer = new MemoryStream();
        foreach (var length in lengths)
        {
            var header = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)length);
            buffer.Write(header);
            buffer.Write(Enumerable.Repeat((byte)0xAB, length).ToArray());
        }

        return buffer.ToArray();
    }

    private static async Task<byte[]> ReadAllAsync(byte[] body, int chunkSize)
    {
        await using var limited = new GrpcMessageLimitStream(new MemoryStream(body), Limit);
        using var forwarded = new MemoryStream();
        var chunk = new byte[chunkSize];
        int read;
        while ((read = await limited.ReadAsync(chunk)) > 0)
            forwarded.Write(chunk, 0, read);
        return forwarded.ToArray();
    }
}
