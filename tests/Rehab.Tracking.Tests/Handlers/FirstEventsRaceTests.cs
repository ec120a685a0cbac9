using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts;
using Rehab.Contracts.Facts.V1;
using Rehab.Contracts.Interventions.V1;
using Rehab.Testing;
using Rehab.Tracking.Domain;
using Xunit;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using DecisionKind = Rehab.Contracts.Facts.V1.DecisionKind;
using FollowUp = Rehab.Tracking.Domain.FollowUp;

namespace Rehab.Tracking.Tests.Handlers;

/// <summary>
/// Two first events of one new person handled at once (several replicas, or Dapr delivering a topic's messages concurrently):
/// both creates find no record, one wins the person's uniqueness claim. The loser must apply its fact to the winner's record and
/// answer Success — a Retry can be dead-lettered under Dapr, and the record would miss a fact. Several rounds make the race likely.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class FirstEventsRaceTests : IAsyncDisposable
{
    private const int Rounds = 12;
    private static readonly DateOnly Day = new(2026, 3, 2);
    private readonly ServiceProvider _services;
    private readonly EventDispatcher _dispatcher;

    public FirstEventsRaceTests()
    {
        // The tracking service's own registrations and the real dispatcher (a handler's exception answers Retry there), no host.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Redis"] = RedisServer.Shared.ConnectionString,
            ["Persistence:KeyPrefix"] = RedisServer.NewPrefix(),
            ["Messaging:AppId"] = "tracking-race",
        });
        builder.Services.AddRehabMessaging(builder.Configuration);
        builder.AddTrackingService();
        _services = builder.Services.BuildServiceProvider();
        _dispatcher = _services.GetRequiredService<EventDispatcher>();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task A_benefit_decision_and_a_registration_spell_of_a_new_person_at_once_both_land_on_one_sgi_protection()
    {
        var sgi = _services.GetRequiredService<AggregateRepository<SgiProtection>>();
        for (var round = 0; round < Rounds; round++)
        {
            var person = $"person-sgi-{round}";
            var outcomes = await BothAtOnceAsync(Topics.Facts, Decision(person), Spell(person));

            Assert.All(outcomes, o => Assert.Equal(HandlerOutcome.Success, o));
            var protection = await sgi.FindByUniqueKeyAsync(person, SgiProtection.PersonKey(person));
            Assert.NotNull(protection);
            Assert.Single(protection.State.Decisions);
            Assert.Single(protection.State.Spells);
        }
    }

    [Fact]
    public async Task A_follow_up_scheduled_and_held_of_a_new_participation_at_once_both_land_on_one_follow_up()
    {
        var followUps = _services.GetRequiredService<AggregateRepository<FollowUp>>();
        for (var round = 0; round < Rounds; round++)
        {
            var (person, participation) = ($"person-fu-{round}", $"participation-{round}");
            var outcomes = await BothAtOnceAsync(Topics.Interventions,
                new FollowUpScheduled
                {
                    ParticipationId = participation, PersonId = person, EffectiveDate = Day.ToProto(), DueDate = Day.AddDays(30).ToProto(),
                    AfOfficeId = "af-1", FkOfficeId = "fk-1",
                },
                new FollowUpHeld { ParticipationId = participation, PersonId = person, EffectiveDate = Day.AddDays(3).ToProto() });

            Assert.All(outcomes, o => Assert.Equal(HandlerOutcome.Success, o));
            var followUp = await followUps.FindByUniqueKeyAsync(person, FollowUp.Key(participation));
            Assert.NotNull(followUp);
            Assert.Equal(Day.AddDays(30), followUp.State.DueDate);
            Assert.Equal(Day.AddDays(3), followUp.State.HeldDate);
        }
    }

    private async Task<HandlerOutcome[]> BothAtOnceAsync(string topic, IMessage first, IMessage second)
    {
        var events = new[] { first, second }.Select(m => CloudEvent.Create(
            m, Guid.CreateVersion7().ToString(), "race", "subject", DateTimeOffset.UtcNow, CloudEvent.EffectiveDate(Day), null, topic));
        return await Task.WhenAll(events.Select(e => Task.Run(() => _dispatcher.DispatchAsync(topic, e, CancellationToken.None))));
    }

    private static BenefitDecisionRecorded Decision(string person)
    {
        var record = Record(person, "decision-1", "fk-mica");
        record.BenefitDecision = new BenefitDecision
        {
            BenefitDecisionId = "decision-1", Kind = DecisionKind.Refusal, DecisionDate = Day.ToProto(), BenefitType = BenefitType.SicknessBenefit,
            LastBenefitDay = Day.ToProto(), RehabChainDay = 200, EmploymentStatus = EmploymentStatus.Unemployed, FkOfficeId = "fk-1",
        };
        return new BenefitDecisionRecorded { Record = record };
    }

    private static AfRegistrationSpellRecorded Spell(string person)
    {
        var record = Record(person, "spell-1", "af-midas");
        record.RegistrationSpell = new AfRegistrationSpell
        {
            RegistrationSpellId = "spell-1", RegistrationDate = Day.AddDays(10).ToProto(), SkatCode = "11",
            RegistrationStatus = RegistrationStatus.OpenlyUnemployed, AfOfficeId = "af-1",
        };
        return new AfRegistrationSpellRecorded { Record = record };
    }

    private static FactRecord Record(string person, string recordId, string system) => new()
    {
        RecordId = recordId, SourceSystem = system, PersonId = person, EffectiveDate = Day.ToProto(),
        RecordedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
    };
}
