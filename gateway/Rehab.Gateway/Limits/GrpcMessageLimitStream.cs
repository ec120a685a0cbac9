using System.Buffers.Binary;

namespace Rehab.Gateway.Limits;

/// <summary>
/// A request body for gRPC calls that reads the length-prefixed message frames as they pass through
/// and fails before forwarding any part of a frame whose message is larger than the limit.
/// YARP lifts Kestrel's body size limit for HTTP/2 gRPC requests (they may stream), so the gateway limits
/// each message instead, which is the limit gRPC itself defines.
/// </summary>
public sealed class GrpcMessageLimitStream(Stream inner, int maxMessageBytes) : Stream
{
    private const int FrameHeaderLength = 5;
    private readonly byte[] _header = new byte[FrameHeaderLength];
    private int _headerFilled;
    private long _payloadRemaining;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    private void Inspect(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            if (_payloadRemaining > 0)
            {
                var skip = (int)Math.Min(_payloadRemaining, chunk.Length);
                _payloadRemaining -= skip;
                chunk = chunk[skip..];
                continue;
            }

            var take = Math.Min(FrameHeaderLength - _headerFilled, chunk.Length);
            chunk[..take].CopyTo(_header.AsSpan(_headerFilled));
            _headerFilled += take;
            chunk = chunk[take..];
            if (_headerFilled < FrameHeaderLength)
                return;

            _headerFilled = 0;
            // Byte 0 is the compressed flag; bytes 1-4 the message length, big-endian.
            var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1));
            if (length > maxMessageBytes)
                throw new GrpcMessageTooLargeException(length, maxMessageBytes);
            _payloadRemaining = length;
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public sealed class GrpcMessageTooLargeException(long messageBytes, int limitBytes)
    : IOException($"The request message is {messageBytes} bytes; the gateway accepts at most {limitBytes} bytes per message.");
