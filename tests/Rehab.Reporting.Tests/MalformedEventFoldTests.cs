using Rehab.BuildingBlocks.Domain;
using Rehab.Reporting.Inputs;
using Xunit;
using FactsV1 = Rehab.Contracts.Facts.V1;
using InterventionsV1 = Rehab.Contracts.Interventions.V1;
using TransitionV1 = Rehab.Contracts.Transition.V1;

namespace Rehab.Reporting.Tests;

/// <summary>
/// An event that lacks what its contract requires gives no rows and a validation error naming the field (the handler drops it
/// with that name in the log), never a NullReferenceException or a row dated 0001-01-01.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class MalformedEventFoldTests
{
    private static readonly DateTimeOffset At = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, Google.Protobuf.IMessage> Malformed => new()
    {
        { "x.EffectiveDate", new InterventionsV1.ParticipationClosed { ParticipationId = "p-1", PersonId = "person-1" } },
        { "x.Meeting", new TransitionV1.MeetingHeld { EffectiveDate = new Google.Type.Date { Year = 2025, Month = 4, Day = 1 } } },
        { "x.EffectiveDate", new TransitionV1.MeetingHeld { Meeting = new TransitionV1.MeetingFacts { MeetingId = "m-1", PersonId = "person-1" } } },
        { "r.EffectiveDate", new FactsV1.SickCaseRecorded { Record = new FactsV1.FactRecord { SourceSystem = "fk", RecordId = "r-1" } } },
        {
            "r.RecordedAt", new FactsV1.SickCaseRecorded
            {
                Record = new FactsV1.FactRecord { SourceSystem = "fk", RecordId = "r-1", EffectiveDate = new Google.Type.Date { Year = 2025, Month = 4, Day = 1 } },
            }
        },
        {
            "r.SickCase.StartDate", new FactsV1.SickCaseRecorded
            {
                Record = new FactsV1.FactRecord
                {
                    SourceSystem = "fk", RecordId = "r-1", PersonId = "person-1", RecordedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(At),
                    EffectiveDate = new Google.Type.Date { Year = 2025, Month = 4, Day = 1 },
                    SickCase = new FactsV1.SickCase { SickCaseId = "sc-1", StartDate = new Google.Type.Date { Year = 2025, Month = 2, Day = 30 } },
                },
            }
        },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_event_names_the_missing_field(string field, Google.Protobuf.IMessage data)
    {
        var error = Assert.Throws<ValidationFailedException>(() => ReportingFold.Fold(ContractEvent.Of("e-1", data, At)));
        Assert.Equal(field, Assert.Single(error.Violations).Field);
    }
}
