using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts;
using Rehab.Contracts.Facts.V1;
using Rehab.Testing;
using Rehab.Testing.Platform;
using Rehab.TransitionMeetings;
using Xunit;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;

namespace Rehab.TransitionMeetings.Tests.EndToEnd;

/// <summary>
/// Stands in for the facts service: publishes facts events on the facts topic in their exact wire form (the CloudEvent the facts
/// service's outbox relay publishes: type = the contract message, data = the stored revision with person_id set) and waits until
/// the transition-meetings service has handled them.
/// </summary>
public sealed class FactsFeed(PlatformHost platform)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddDays(-1);
    private int _revision;

    private IEventTransport Transport => platform.TransitionMeetingsServices.GetRequiredService<IEventTransport>();

    public static CloudEvent Wire(IMessage message, FactRecord record) => CloudEvent.Create(
        message, Guid.CreateVersion7().ToString(), "facts", record.SourceSystem + "/" + record.RecordId, DateTimeOffset.UtcNow,
        CloudEvent.EffectiveDate(record.EffectiveDate.ToDateOnly("effective_date")), record.PersonId, Topics.Facts);

    public FactRecord Record(string personId, string recordId, DateOnly effective, string source = "fk-mica") => new()
    {
        RecordId = recordId,
        SourceSystem = source,
        PersonId = personId,
        EffectiveDate = effective.ToProto(),
        // Each revision this feed sends is recorded later than the one before.
        RecordedAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(Interlocked.Increment(ref _revision))),
    };

    public Task<CloudEvent> ChainDayAsync(string personId, string sickCaseId, int day, DateOnly on, string? recordId = null)
    {
        var record = Record(personId, recordId ?? "sc-" + sickCaseId, on);
        record.SickCase = new SickCase { SickCaseId = sickCaseId, RehabChainDay = day, ChainDayDate = on.ToProto(), StartDate = on.AddDays(1 - day).ToProto() };
        return PublishAsync(new SickCaseRecorded { Record = record }, record);
    }

    public Task<CloudEvent> RefusalAsync(
        string personId, BenefitType benefit, DateOnly decided, DateOnly lastBenefitDay, bool firstApplication = false, string? sickCaseId = null)
    {
        var record = Record(personId, "bd-" + Guid.NewGuid().ToString("N")[..8], decided);
        record.BenefitDecision = new BenefitDecision
        {
            BenefitDecisionId = record.RecordId, Kind = DecisionKind.Refusal, DecisionDate = decided.ToProto(), BenefitType = benefit,
            FirstApplication = firstApplication, RehabChainDay = 200, LastBenefitDay = lastBenefitDay.ToProto(),
            EmploymentStatus = EmploymentStatus.Unemployed, SickCaseId = sickCaseId ?? "",
        };
        return PublishAsync(new BenefitDecisionRecorded { Record = record }, record);
    }

    public Task<CloudEvent> RegistrationAsync(string personId, DateOnly registered)
    {
        var record = Record(personId, "rs-" + Guid.NewGuid().ToString("N")[..8], registered, source: "af-midas");
        record.RegistrationSpell = new AfRegistrationSpell
        {
            RegistrationSpellId = record.RecordId, RegistrationDate = registered.ToProto(), SkatCode = "11",
            RegistrationStatus = RegistrationStatus.OpenlyUnemployed, AfOfficeId = ReferralJourney.AfOffice,
        };
        return PublishAsync(new AfRegistrationSpellRecorded { Record = record }, record);
    }

    public async Task<CloudEvent> PublishAsync(IMessage message, FactRecord record) => await DeliverAsync(Wire(message, record));

    /// <summary>Publishes the CloudEvent as it is (also a second time) and waits until the service's handler has handled it.</summary>
    public async Task<CloudEvent> DeliverAsync(CloudEvent e)
    {
        await Transport.PublishAsync(Topics.Facts, e, CancellationToken.None);
        var inbox = platform.TransitionMeetingsServices.GetRequiredService<Inbox>();
        Assert.True(await Eventually.TrueAsync(() => inbox.WasHandledAsync(nameof(FactRecordedHandler), e.Id), TimeSpan.FromSeconds(15)),
            $"the transition-meetings service did not handle fact event {e.Id} ({e.Type})");
        return e;
    }
}
