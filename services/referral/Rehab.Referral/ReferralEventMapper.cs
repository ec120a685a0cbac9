using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Common.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using Rehab.Contracts.Referral.V1;
using Domain = Rehab.Referral.Domain;

namespace Rehab.Referral;

/// <summary>Domain events → contract events (referral_events.proto), adding ids from the state.</summary>
public sealed class ReferralEventMapper : IEventMapper<Domain.Referral>
{
    public ContractEvent Map(IDomainEvent domainEvent, string aggregateId, Domain.Referral r)
    {
        var date = domainEvent.EffectiveDate.ToProto();
        Google.Protobuf.IMessage message = domainEvent switch
        {
            Domain.RehabilitationNeedIdentified e => WithBenefits(new RehabilitationNeedIdentified
            {
                ReferralId = aggregateId, PersonId = r.PersonId, SickCaseId = e.SickCaseId,
                SickCaseStartDate = e.SickCaseStartDate.ToProto(), Gender = (Gender)e.Gender, FkOfficeId = e.FkOfficeId,
                ImpulseSource = (ImpulseSource)e.ImpulseSource, HasEmployer = e.HasEmployer, EffectiveDate = date,
                BirthDate = e.BirthDate.ToProto(),
            }, e.BenefitTypes),
            Domain.CooperationRelevanceAssessed => new CooperationRelevanceAssessed
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date,
            },
            Domain.PreparatoryContactRecorded e => new PreparatoryContactRecorded
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date,
                ContactType = (PreparatoryContactType)e.ContactType,
            },
            Domain.EmployerAdaptationRuledOut => new EmployerAdaptationRuledOut
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date,
            },
            Domain.ConsentRequested => new ConsentRequested { ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date },
            Domain.ConsentGiven e => new ConsentGiven
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, Channel = (Channel)e.Channel,
            },
            Domain.ConsentRefused e => new ConsentRefused
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, Channel = (Channel)e.Channel,
            },
            Domain.ConsentWithdrawn e => new ConsentWithdrawn
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, Channel = (Channel)e.Channel,
            },
            Domain.JointAssessmentRequested e => new JointAssessmentRequested
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, ConsentState = (ConsentState)e.ConsentState,
            },
            Domain.JointAssessmentRequestReceived => new JointAssessmentRequestReceived
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date,
            },
            Domain.JointAssessmentBooked e => WithBenefits(new JointAssessmentBooked
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, MeetingAt = e.MeetingAt.ToProto(),
                AfOfficeId = e.AfOfficeId, AfOfficerId = e.AfOfficerId, SickCaseId = r.SickCaseId,
                SickCaseStartDate = r.SickCaseStartDate.ToProto(), Gender = (Gender)r.Gender,
                ConsentState = (ConsentState)e.ConsentState, FkOfficeId = r.FkOfficeId,
                RequestReceivedDate = r.RequestReceivedDate.ToProto(),
                ConsentGivenDate = e.ConsentState == Domain.ConsentState.Given ? r.Consent.ConsentGivenDate.ToProto() : null,
            }, r.BenefitTypes),
            Domain.JointAssessmentRequestRejected e => new JointAssessmentRequestRejected
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, Reason = (RejectionReason)e.Reason, Note = e.Note,
            },
            Domain.ReferralWithdrawn e => new ReferralWithdrawn
            {
                ReferralId = aggregateId, PersonId = r.PersonId, EffectiveDate = date, Reason = (WithdrawalReason)e.Reason,
                OnBehalfOfIndividual = e.OnBehalfOfIndividual, Channel = (Channel)e.Channel,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
        };
        return new ContractEvent(message, r.PersonId);
    }

    private static RehabilitationNeedIdentified WithBenefits(RehabilitationNeedIdentified e, IEnumerable<BuildingBlocks.Domain.BenefitType> benefits)
    {
        e.BenefitTypes.AddRange(benefits.Select(b => (BenefitType)b));
        return e;
    }

    private static JointAssessmentBooked WithBenefits(JointAssessmentBooked e, IEnumerable<BuildingBlocks.Domain.BenefitType> benefits)
    {
        e.BenefitTypes.AddRange(benefits.Select(b => (BenefitType)b));
        return e;
    }
}
