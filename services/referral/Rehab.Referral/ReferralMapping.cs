using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts.Common.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using Rehab.Contracts.Referral.V1;
using Domain = Rehab.Referral.Domain;

namespace Rehab.Referral;

/// <summary>Domain ↔ contract. The domain enums mirror the proto values, so enums map by cast.</summary>
internal static class ReferralMapping
{
    public static Contracts.Referral.V1.Referral ToContract(this Stored<Domain.Referral> stored)
    {
        var r = stored.State;
        var contract = new Contracts.Referral.V1.Referral
        {
            ReferralId = stored.Id,
            PersonId = r.PersonId,
            SickCaseId = r.SickCaseId,
            SickCaseStartDate = r.SickCaseStartDate.ToProto(),
            Gender = (Gender)r.Gender,
            State = (ReferralState)r.State,
            FkOfficeId = r.FkOfficeId,
            ImpulseSource = (ImpulseSource)r.ImpulseSource,
            HasEmployer = r.HasEmployer,
            NeedIdentifiedDate = r.NeedIdentifiedDate.ToProto(),
            RelevanceAssessedDate = r.RelevanceAssessedDate.ToProto(),
            EmployerAdaptationRuledOutDate = r.EmployerAdaptationRuledOutDate.ToProto(),
            Consent = new Consent
            {
                State = (ConsentState)r.Consent.State,
                ConsentRequestedDate = r.Consent.ConsentRequestedDate.ToProto(),
                ConsentGivenDate = r.Consent.ConsentGivenDate.ToProto(),
                ConsentRefusedDate = r.Consent.ConsentRefusedDate.ToProto(),
                ConsentWithdrawnDate = r.Consent.ConsentWithdrawnDate.ToProto(),
                Channel = (Channel)r.Consent.Channel,
            },
            RequestSentDate = r.RequestSentDate.ToProto(),
            RequestReceivedDate = r.RequestReceivedDate.ToProto(),
            RejectionReason = (RejectionReason)r.RejectionReason,
            RejectionNote = r.RejectionNote,
            WithdrawalReason = (WithdrawalReason)r.WithdrawalReason,
            WithdrawnOnBehalfOfIndividual = r.WithdrawnOnBehalfOfIndividual,
            ClosedDate = r.ClosedDate.ToProto(),
            Etag = stored.Etag,
            CreateTime = Timestamp.FromDateTimeOffset(stored.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
        };
        contract.BenefitTypes.AddRange(r.BenefitTypes.Select(b => (BenefitType)b));
        contract.PreparatoryContacts.AddRange(r.PreparatoryContacts.Select(c => new PreparatoryContact
        {
            ContactType = (PreparatoryContactType)c.ContactType,
            ContactDate = c.ContactDate.ToProto(),
        }));
        if (r.Booking is { } b)
        {
            contract.Booking = new Booking
            {
                MeetingAt = b.MeetingAt.ToProto(),
                AfOfficeId = b.AfOfficeId,
                AfOfficerId = b.AfOfficerId,
                BookedDate = b.BookedDate.ToProto(),
            };
        }

        return contract;
    }
}
