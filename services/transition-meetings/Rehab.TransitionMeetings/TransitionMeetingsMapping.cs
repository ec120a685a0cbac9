using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Transition.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using Channel = Rehab.Contracts.Common.V1.Channel;
using Gender = Rehab.Contracts.Common.V1.Gender;
using Domain = Rehab.TransitionMeetings.Domain;
using EmploymentStatus = Rehab.Contracts.Facts.V1.EmploymentStatus;

namespace Rehab.TransitionMeetings;

/// <summary>Domain → contract. The domain enums mirror the proto values, so enums map by cast.</summary>
internal static class TransitionMeetingsMapping
{
    public static Meeting ToContract(this Stored<Domain.Meeting> stored)
    {
        var m = stored.State;
        var contract = new Meeting
        {
            MeetingId = stored.Id,
            MeetingType = (MeetingType)m.MeetingType,
            PersonId = m.PersonId,
            State = (MeetingState)m.State,
            Trigger = (TransitionTrigger)m.Trigger,
            BenefitType = (BenefitType)m.BenefitType,
            SickCaseId = m.SickCaseId,
            Gender = (Gender)m.Gender,
            FkOfficeId = m.FkOfficeId,
            AfOfficeId = m.AfOfficeId,
            OpenedDate = m.OpenedDate.ToProto(),
            ChainDay = m.ChainDay?.ToContract(),
            ChainDayAtEligibility = m.ChainDayAtEligibility,
            OfferedDate = m.OfferedDate.ToProto(),
            ChainDayAtOffer = m.ChainDayAtOffer,
            Response = m.Response?.ToContract(),
            NoShowDate = m.NoShowDate.ToProto(),
            RetainedBenefitJobSearch = m.JobSearch?.ToContract(),
            Refusal = m.Refusal?.ToContract(),
            Registration = m.Registration?.ToContract(),
            Etag = stored.Etag,
            CreateTime = Timestamp.FromDateTimeOffset(stored.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
        };
        if (m.Held is { } held)
        {
            contract.Held = new HeldMeeting { HeldDate = held.HeldDate.ToProto(), Mode = (MeetingMode)held.Mode };
            contract.Held.Participants.AddRange(held.Participants.Select(p => (Participant)p));
        }

        if (m.SgiInformation is { } sgi)
            contract.SgiInformation = new SgiInformation { ProvidedDate = sgi.ProvidedDate.ToProto(), Channel = (Channel)sgi.Channel, AtMeeting = sgi.AtMeeting };
        if (m.RegistrationSupport is { } support)
            contract.RegistrationSupport = new RegistrationSupport
            {
                OfferedDate = support.OfferedDate.ToProto(), AfOfficeId = support.AfOfficeId, Response = support.Response?.ToContract(),
            };
        return contract;
    }

    public static MeetingFacts ToFacts(this Domain.Meeting m, string meetingId) => new()
    {
        MeetingId = meetingId,
        PersonId = m.PersonId,
        MeetingType = (MeetingType)m.MeetingType,
        BenefitType = (BenefitType)m.BenefitType,
        Trigger = (TransitionTrigger)m.Trigger,
        Gender = (Gender)m.Gender,
        FkOfficeId = m.FkOfficeId,
        SickCaseId = m.SickCaseId,
    };

    public static ChainDayObservation ToContract(this Domain.ChainDayObservation o) => new()
    {
        SickCaseId = o.SickCaseId, RehabChainDay = o.RehabChainDay, ChainDayDate = o.ChainDayDate.ToProto(),
    };

    public static ResponseRecord ToContract(this Domain.ResponseRecord r) => new()
    {
        Response = (Response)r.Response, Channel = (Channel)r.Channel, ResponseDate = r.ResponseDate.ToProto(), Implied = r.Implied,
    };

    public static RetainedBenefitJobSearch ToContract(this Domain.RetainedBenefitJobSearch j) => new()
    {
        UntilDay = j.UntilDay, UntilDate = j.UntilDate.ToProto(), Basis = j.Basis.ToContract(), Explanation = j.Explanation,
    };

    public static Refusal ToContract(this Domain.Refusal r) => new()
    {
        SourceSystem = r.SourceSystem, RecordId = r.RecordId, DecisionDate = r.DecisionDate.ToProto(), BenefitType = (BenefitType)r.BenefitType,
        FirstApplication = r.FirstApplication, RehabChainDay = r.RehabChainDay, LastBenefitDay = r.LastBenefitDay.ToProto(),
        EmploymentStatus = (EmploymentStatus)r.EmploymentStatus,
    };

    public static RegistrationOutcome ToContract(this Domain.RegistrationOutcome o) => new()
    {
        RegisteredAfterMeeting = o.RegisteredAfterMeeting, RegistrationDate = o.RegistrationDate.ToProto(), SgiDeadlineDate = o.SgiDeadlineDate.ToProto(),
        RegisteredWithinSgiDeadline = o.RegisteredWithinSgiDeadline, RegisteredWithinNDays = o.RegisteredWithinNDays, WithinDays = o.WithinDays,
    };
}
