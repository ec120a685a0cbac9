using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts;
using Rehab.Contracts.Referral.V1;
using Rehab.Facts.Domain;
using Rehab.Testing;
using Xunit;

namespace Rehab.Facts.Tests.Handlers;

/// <summary>
/// A referral's first two events about a new person handled at once (several replicas, or Dapr delivering concurrently): both
/// find no person facts, one wins the person's uniqueness claim. The loser must link its offices on the winner's record and answer
/// Success — a Retry can be dead-lettered under Dapr, and an office's officers could not read the person's facts. Several rounds
/// make the race likely.
/// </summary>
[Trait("Tier", "Redis")]
public sealed class CaseOfficeRaceTests : IAsyncDisposable
{
    private const int Rounds = 12;
    private static readonly DateOnly Day = new(2026, 3, 2);
    private readonly ServiceProvider _services;

    public CaseOfficeRaceTests()
    {
        // The facts service's own registrations and the real dispatcher (a handler's exception answers Retry there), no host.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Redis"] = RedisServer.Shared.ConnectionString,
            ["Persistence:KeyPrefix"] = RedisServer.NewPrefix(),
            ["Messaging:AppId"] = "facts-race",
            ["Services:person-registry"] = "http://127.0.0.1:1", // required configuration; the office projection never calls it
        });
        builder.Services.AddRehabMessaging(builder.Configuration);
        builder.AddFactsService();
        _services = builder.Services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    [Fact]
    public async Task A_need_identified_and_a_booking_of_a_new_person_at_once_link_every_office_on_one_record()
    {
        var dispatcher = _services.GetRequiredService<EventDispatcher>();
        var people = _services.GetRequiredService<AggregateRepository<PersonFacts>>();
        for (var round = 0; round < Rounds; round++)
        {
            var person = $"person-{round}";
            IMessage[] messages =
            [
                new RehabilitationNeedIdentified { ReferralId = "r-" + round, PersonId = person, FkOfficeId = "fk-1", EffectiveDate = Day.ToProto() },
                new JointAssessmentBooked { ReferralId = "r-" + round, PersonId = person, FkOfficeId = "fk-2", AfOfficeId = "af-1", EffectiveDate = Day.ToProto() },
            ];
            var outcomes = await Task.WhenAll(messages.Select(m => CloudEvent.Create(
                    m, Guid.CreateVersion7().ToString(), "referral", "r-" + round, DateTimeOffset.UtcNow, CloudEvent.EffectiveDate(Day), person, Topics.Referral))
                .Select(e => Task.Run(() => dispatcher.DispatchAsync(Topics.Referral, e, CancellationToken.None))));

            Assert.All(outcomes, o => Assert.Equal(HandlerOutcome.Success, o));
            var facts = await people.FindByUniqueKeyAsync(person, PersonFacts.PersonKey(person));
            Assert.NotNull(facts);
            Assert.Equal(["af-1", "fk-1", "fk-2"], facts.State.CaseOffices);
        }
    }
}
