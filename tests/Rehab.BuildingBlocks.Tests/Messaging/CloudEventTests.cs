using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Messaging;
using Rehab.Contracts.Referral.V1;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Messaging;

[Trait("Tier", "Fast")]
public sealed class CloudEventTests
{
    private static CloudEvent Of(Google.Protobuf.IMessage data) => CloudEvent.Create(
        data, Guid.CreateVersion7().ToString(), "referral", "subject-1", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
        "2026-03-01", "person-1", "rehab.referral.v1");

    [Fact]
    public void The_envelope_carries_the_decided_attributes_and_survives_a_round_trip()
    {
        var e = Of(new JointAssessmentBooked { ReferralId = "r-1", AfOfficeId = "af-1" });
        var json = System.Text.Json.JsonDocument.Parse(e.ToJsonBytes()).RootElement;

        Assert.Equal("1.0", json.GetProperty("specversion").GetString());
        Assert.Equal("rehab.referral.v1.JointAssessmentBooked", json.GetProperty("type").GetString());
        Assert.Equal("2026-03-01", json.GetProperty("effectiveat").GetString());
        Assert.Equal("person-1", json.GetProperty("personid").GetString());
        Assert.Equal("urn:rehab:schema:rehab.referral.v1.JointAssessmentBooked:1", json.GetProperty("dataschema").GetString());
        Assert.Equal("af-1", json.GetProperty("data").GetProperty("afOfficeId").GetString());

        var parsed = CloudEvent.Parse(e.ToJsonBytes());
        Assert.Equal(e, parsed);
        Assert.Equal("af-1", parsed.Unpack<JointAssessmentBooked>().AfOfficeId);
    }

    [Fact]
    public void Data_whose_json_is_a_plain_string_stays_a_string()
    {
        var e = Of(new StringValue { Value = "opened" });
        var parsed = CloudEvent.Parse(e.ToJsonBytes());
        Assert.Equal("\"opened\"", parsed.DataJson);
        Assert.Equal(e.ToJson(), parsed.ToJson());
    }

    [Fact]
    public void Data_sent_as_a_string_holding_a_json_document_is_read_as_that_document()
    {
        var json = """{"specversion":"1.0","id":"1","source":"x","type":"rehab.referral.v1.ConsentGiven","data":"{\"referralId\":\"r-9\"}"}""";
        Assert.Equal("r-9", CloudEvent.Parse(json).Unpack<ConsentGiven>().ReferralId);
    }
}
