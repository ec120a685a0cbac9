using Google.Protobuf;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Transition.V1;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Domain = Rehab.TransitionMeetings.Domain;

namespace Rehab.TransitionMeetings;

/// <summary>Domain events → contract events (transition_events.proto); every meeting event carries the meeting's reporting facts.</summary>
public sealed class MeetingEventMapper : IEventMapper<Domain.Meeting>
{
    public ContractEvent? Map(IDomainEvent domainEvent, string aggregateId, Domain.Meeting m)
    {
        if (domainEvent is Domain.FactsJoined) return null;
        var date = domainEvent.EffectiveDate.ToProto();
        var meeting = m.ToFacts(aggregateId);
        IMessage message = domainEvent switch
        {
            Domain.ContactMeetingEligibilityAssessed e => new ContactMeetingEligibilityAssessed
            {
                Meeting = meeting, EffectiveDate = date, ChainDay = e.ChainDay.ToContract(), ChainDayAtEligibility = e.ChainDayAtEligibility,
                RiskOfNotReturningToEmployer = e.RiskOfNotReturningToEmployer, NoReducedCapacityForNormalWork = e.NoReducedCapacityForNormalWork,
            },
            Domain.TransitionMeetingTriggered e => new TransitionMeetingTriggered
            {
                Meeting = meeting, EffectiveDate = date, Refusal = e.Refusal?.ToContract(),
            },
            Domain.MeetingOffered e => new MeetingOffered { Meeting = meeting, EffectiveDate = date, ChainDayAtOffer = e.ChainDayAtOffer },
            Domain.MeetingAccepted e => new MeetingAccepted { Meeting = meeting, EffectiveDate = date, Channel = (Channel)e.Channel, Implied = e.Implied },
            Domain.MeetingDeclined e => new MeetingDeclined { Meeting = meeting, EffectiveDate = date, Channel = (Channel)e.Channel },
            Domain.MeetingHeld e => Held(e, meeting, date),
            Domain.MeetingNoShow => new MeetingNoShow { Meeting = meeting, EffectiveDate = date },
            Domain.RetainedBenefitJobSearchStarted e => new RetainedBenefitJobSearchStarted
            {
                Meeting = meeting, EffectiveDate = date, JobSearch = e.JobSearch.ToContract(),
            },
            Domain.SgiInformationProvided e => new SgiInformationProvided
            {
                Meeting = meeting, EffectiveDate = date, Channel = (Channel)e.Channel, AtMeeting = e.AtMeeting,
            },
            Domain.AfRegistrationSupportOffered e => new AfRegistrationSupportOffered { Meeting = meeting, EffectiveDate = date, AfOfficeId = e.AfOfficeId },
            Domain.AfRegistrationSupportAnswered { Response: Domain.Response.Accepted } e => new AfRegistrationSupportAccepted
            {
                Meeting = meeting, EffectiveDate = date, Channel = (Channel)e.Channel,
            },
            Domain.AfRegistrationSupportAnswered e => new AfRegistrationSupportDeclined { Meeting = meeting, EffectiveDate = date, Channel = (Channel)e.Channel },
            Domain.MeetingRefusalRecorded e => new MeetingRefusalRecorded { Meeting = meeting, EffectiveDate = date, Refusal = e.Refusal.ToContract() },
            Domain.RegistrationAfterMeetingRecorded e => new RegistrationAfterMeetingRecorded
            {
                Meeting = meeting, EffectiveDate = date, HeldDate = m.Held?.HeldDate.ToProto(), Registration = e.Registration.ToContract(),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
        };
        return new ContractEvent(message, m.PersonId);
    }

    private static MeetingHeld Held(Domain.MeetingHeld e, MeetingFacts meeting, Google.Type.Date date)
    {
        var held = new MeetingHeld { Meeting = meeting, EffectiveDate = date, Mode = (MeetingMode)e.Mode, AfOfficeId = e.AfOfficeId };
        held.Participants.AddRange(e.Participants.Select(p => (Participant)p));
        return held;
    }
}

/// <summary>The projection's events: which fact revisions the context took into account.</summary>
public sealed class PersonFactsEventMapper : IEventMapper<Domain.PersonFacts>
{
    public ContractEvent Map(IDomainEvent domainEvent, string aggregateId, Domain.PersonFacts facts)
    {
        var observed = (Domain.FactObserved)domainEvent;
        return new ContractEvent(new PersonFactObserved
        {
            PersonId = facts.PersonId,
            EffectiveDate = observed.EffectiveDate.ToProto(),
            FactKind = observed.Fact switch
            {
                Domain.SickCaseFact => "sick_case",
                Domain.DecisionFact => "benefit_decision",
                _ => "registration_spell",
            },
            SourceSystem = observed.Fact.SourceSystem,
            RecordId = observed.Fact.RecordId,
            RecordedAt = observed.Fact.RecordedAt.ToProto(),
        }, facts.PersonId);
    }
}
