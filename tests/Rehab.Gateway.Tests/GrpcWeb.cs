using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;

namespace Rehab.Gateway.Tests;

/// <summary>
/// A hand-made gRPC-Web (binary) unary call over plain HTTP/1.1, as a browser sends it
/// (Grpc.Net.Client.Web is not among the platform's packages).
/// </summary>
public static class GrpcWeb
{
    public const string ContentType = "application/grpc-web+proto";

    public static async Task<GrpcWebReply> CallAsync(HttpClient http, string path, IMessage request)
    {
        var payload = request.ToByteArray();
        var body = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(body, 5);

        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        message.Headers.Add("X-Grpc-Web", "1");
        message.Headers.Add("x-rehab-purpose", "gateway-test");
        using var response = await http.SendAsync(message);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return Parse(response, bytes);
    }

    private static GrpcWebReply Parse(HttpResponseMessage response, byte[] bytes)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
            metadata[header.Key] = string.Join(",", header.Value);

        byte[]? data = null;
        var rest = bytes.AsSpan();
        while (rest.Length >= 5)
        {
            var flags = rest[0];
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(rest[1..5]);
            var frame = rest.Slice(5, length);
            if ((flags & 0x80) != 0)
            {
                foreach (var line in Encoding.ASCII.GetString(frame).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    metadata[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }
            else
            {
                data = frame.ToArray();
            }

            rest = rest[(5 + length)..];
        }

        var status = metadata.TryGetValue("grpc-status", out var s)
            ? (StatusCode)int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"No grpc-status in a gRPC-Web response (HTTP {(int)response.StatusCode}).");
        var detail = metadata.TryGetValue("grpc-message", out var m) ? Uri.UnescapeDataString(m) : "";
        return new GrpcWebReply(response.StatusCode, status, detail, data);
    }
}

public sealed record GrpcWebReply(System.Net.HttpStatusCode HttpStatus, StatusCode Status, string Detail, byte[]? Message);
