using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Rehab.BuildingBlocks.Messaging;

/// <summary>
/// The platform's event envelope (DOMAIN D4): a CloudEvents 1.0 JSON document whose <c>data</c> is the
/// proto-JSON of a contract event. Built once when the event is stored and published unchanged on every retry.
/// </summary>
public sealed record CloudEvent
{
    public const string ContentType = "application/cloudevents+json";
    public const string SpecVersion = "1.0";

    public required string Id { get; init; }
    public required string Source { get; init; }
    public required string Type { get; init; }
    public required string Subject { get; init; }
    public required DateTimeOffset Time { get; init; }
    /// <summary>When the fact took effect: a civil date (yyyy-MM-dd) or an instant.</summary>
    public required string EffectiveAt { get; init; }
    public string? PersonId { get; init; }
    public required string DataSchema { get; init; }
    public string? Topic { get; init; }
    public string? PubSubName { get; init; }
    /// <summary>The <c>data</c> member as raw JSON (proto-JSON of the event message).</summary>
    public required string DataJson { get; init; }

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static CloudEvent Create(
        IMessage data, string id, string source, string subject, DateTimeOffset recordedAt,
        string effectiveAt, string? personId, string topic, string pubSubName = "pubsub") => new()
        {
            Id = id,
            Source = source,
            Type = data.Descriptor.FullName,
            Subject = subject,
            Time = recordedAt,
            EffectiveAt = effectiveAt,
            PersonId = personId,
            DataSchema = SchemaOf(data.Descriptor),
            Topic = topic,
            PubSubName = pubSubName,
            DataJson = Formatter.Format(data),
        };

    public static string SchemaOf(MessageDescriptor descriptor) => $"urn:rehab:schema:{descriptor.FullName}:1";

    public static string EffectiveDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public T Unpack<T>() where T : IMessage<T>, new()
    {
        var descriptor = new T().Descriptor;
        if (descriptor.FullName != Type)
            throw new InvalidOperationException($"CloudEvent {Id} has type {Type}, not {descriptor.FullName}");
        return Parser.Parse<T>(DataJson);
    }

    public IMessage Unpack(TypeRegistry registry)
    {
        var descriptor = registry.Find(Type) ?? throw new InvalidOperationException($"unknown event type {Type}");
        return Parser.Parse(DataJson, descriptor);
    }

    public byte[] ToJsonBytes()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("specversion", SpecVersion);
            w.WriteString("id", Id);
            w.WriteString("source", Source);
            w.WriteString("type", Type);
            w.WriteString("subject", Subject);
            w.WriteString("time", Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("datacontenttype", "application/json");
            w.WriteString("dataschema", DataSchema);
            w.WriteString("effectiveat", EffectiveAt);
            w.WriteString("recordedat", Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            if (PersonId is not null) w.WriteString("personid", PersonId);
            if (Topic is not null) w.WriteString("topic", Topic);
            if (PubSubName is not null) w.WriteString("pubsubname", PubSubName);
            w.WritePropertyName("data");
            w.WriteRawValue(DataJson);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public string ToJson() => Encoding.UTF8.GetString(ToJsonBytes());

    /// <summary>Parses a CloudEvent as stored or as delivered (Dapr may add traceparent etc.; unknown members are ignored).</summary>
    public static CloudEvent Parse(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        string? Str(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        string Required(string name) => Str(name) ?? throw new FormatException($"CloudEvent member '{name}' is missing");

        var data = root.TryGetProperty("data", out var d) ? d : default;
        var dataJson = data.ValueKind switch
        {
            JsonValueKind.Undefined => "{}",
            // Some senders put a JSON document into a string; a plain string value (e.g. a wrapper type) stays a string.
            JsonValueKind.String when data.GetString()!.TrimStart() is ['{', ..] or ['[', ..] => data.GetString()!,
            _ => data.GetRawText(),
        };

        return new CloudEvent
        {
            Id = Required("id"),
            Source = Required("source"),
            Type = Required("type"),
            Subject = Str("subject") ?? "",
            Time = DateTimeOffset.Parse(Str("time") ?? Str("recordedat") ?? DateTimeOffset.UnixEpoch.ToString("O"), CultureInfo.InvariantCulture),
            EffectiveAt = Str("effectiveat") ?? "",
            PersonId = Str("personid"),
            DataSchema = Str("dataschema") ?? "",
            Topic = Str("topic"),
            PubSubName = Str("pubsubname"),
            DataJson = dataJson,
        };
    }

    public static CloudEvent Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));
}
