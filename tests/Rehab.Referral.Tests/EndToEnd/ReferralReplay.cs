using Rehab.BuildingBlocks.Messaging;
using Rehab.Contracts;
using Rehab.Contracts.Referral.V1;

using Rehab.Testing.Platform;

namespace Rehab.Referral.Tests.EndToEnd;

/// <summary>
/// A projection a consumer would build from the referral topic alone: the referral as the service shows it.
/// If the log lacked a fact (or held one twice), this would not match the live service.
/// </summary>
internal static class ReferralReplay
{
    public static Dictionary<string, Contracts.Referral.V1.Referral> Rebuild(IEnumerable<CloudEvent> log)
    {
        var view = new Dictionary<string, Contracts.Referral.V1.Referral>();
        foreach (var e in log)
        {
            var message = e.Unpack(ContractCatalog.Events);
            if (message is RehabilitationNeedIdentified opened)
            {
                var r = new Contracts.Referral.V1.Referral
                {
                    ReferralId = opened.ReferralId, PersonId = opened.PersonId, SickCaseId = opened.SickCaseId,
                    SickCaseStartDate = opened.SickCaseStartDate, Gender = opened.Gender, State = ReferralState.NeedIdentified,
                    FkOfficeId = opened.FkOfficeId, ImpulseSource = opened.ImpulseSource, HasEmployer = opened.HasEmployer,
                    NeedIdentifiedDate = opened.EffectiveDate, Consent = new Consent { State = ConsentState.NotRequested },
                };
                r.BenefitTypes.AddRange(opened.BenefitTypes);
                view[e.Subject] = r;
                continue;
            }

            Apply(view[e.Subject], message);
        }

        return view;
    }

    private static void Apply(Contracts.Referral.V1.Referral r, Google.Protobuf.IMessage message)
    {
        switch (message)
        {
            case CooperationRelevanceAssessed e:
                r.State = ReferralState.Preparing;
                r.RelevanceAssessedDate = e.EffectiveDate;
                break;
            case PreparatoryContactRecorded e:
                r.PreparatoryContacts.Add(new PreparatoryContact { ContactType = e.ContactType, ContactDate = e.EffectiveDate });
                break;
            case EmployerAdaptationRuledOut e:
                r.EmployerAdaptationRuledOutDate = e.EffectiveDate;
                break;
            case ConsentRequested e:
                r.State = ReferralState.AwaitingConsent;
                r.Consent.State = ConsentState.Requested;
                r.Consent.ConsentRequestedDate = e.EffectiveDate;
                break;
            case ConsentGiven e:
                if (r.State == ReferralState.AwaitingConsent) r.State = ReferralState.ReadyToSend;
                r.Consent.State = ConsentState.Given;
                r.Consent.ConsentGivenDate = e.EffectiveDate;
                r.Consent.Channel = e.Channel;
                break;
            case ConsentRefused e:
                if (r.State != ReferralState.Converted)
                {
                    r.State = ReferralState.ConsentRefused;
                    r.ClosedDate = e.EffectiveDate;
                }

                r.Consent.State = ConsentState.Refused;
                r.Consent.ConsentRefusedDate = e.EffectiveDate;
                r.Consent.Channel = e.Channel;
                break;
            case ConsentWithdrawn e:
                r.Consent.State = ConsentState.Withdrawn;
                r.Consent.ConsentWithdrawnDate = e.EffectiveDate;
                r.Consent.Channel = e.Channel;
                break;
            case JointAssessmentRequested e:
                r.State = ReferralState.Sent;
                r.RequestSentDate = e.EffectiveDate;
                break;
            case JointAssessmentRequestReceived e:
                r.State = ReferralState.Received;
                r.RequestReceivedDate = e.EffectiveDate;
                break;
            case JointAssessmentBooked e:
                r.State = ReferralState.Converted;
                r.Booking = new Booking
                {
                    MeetingAt = e.MeetingAt, AfOfficeId = e.AfOfficeId, AfOfficerId = e.AfOfficerId, BookedDate = e.EffectiveDate,
                };
                r.ClosedDate = e.EffectiveDate;
                break;
            case JointAssessmentRequestRejected e:
                r.State = ReferralState.Rejected;
                r.RejectionReason = e.Reason;
                r.RejectionNote = e.Note;
                r.ClosedDate = e.EffectiveDate;
                break;
            case ReferralWithdrawn e:
                r.State = ReferralState.Withdrawn;
                r.WithdrawalReason = e.Reason;
                r.WithdrawnOnBehalfOfIndividual = e.OnBehalfOfIndividual;
                r.ClosedDate = e.EffectiveDate;
                break;
            default:
                throw new InvalidOperationException($"unexpected event {message.Descriptor.FullName}");
        }
    }
}
