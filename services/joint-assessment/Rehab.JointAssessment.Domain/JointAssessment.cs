using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.JointAssessment.Domain;

/// <summary>
/// One round of the joint assessment for a sick case (DOMAIN §3b as amended by D5–D8). Immutable and event-sourced:
/// the state is the fold of its events (<see cref="Replay"/>); every command returns its events and the state they produce.
/// </summary>
public sealed partial record JointAssessment : IHasUniqueKeys
{
    public string JointAssessmentId { get; init; } = "";
    public string ReferralId { get; init; } = "";
    public string PersonId { get; init; } = "";
    public string SickCaseId { get; init; } = "";
    public int RoundNo { get; init; }
    public IReadOnlyList<BenefitType> BenefitTypes { get; init => field = ValueList.From(value); } = ValueList<BenefitType>.Empty;
    public Gender Gender { get; init; }
    public string FkOfficeId { get; init; } = "";
    public string AfOfficeId { get; init; } = "";
    public string AfOfficerId { get; init; } = "";
    public ProcessVersion ProcessVersion { get; init; }
    public JointAssessmentState State { get; init; }
    public Conclusion Conclusion { get; init; }

    public ConsentState ConsentState { get; init; }
    /// <summary>When consent was given; a booking made with consent given stands in with its booked date (an upper bound).</summary>
    public DateOnly? ConsentGivenDate { get; init; }

    public DateOnly BookedDate { get; init; }
    /// <summary>The lower bound of every meeting date (§9.1); the booked date for bookings that did not carry it.</summary>
    public DateOnly RequestReceivedDate { get; init; }
    public DateOnly? FirstMeetingDate { get; init; }
    public IReadOnlyList<Meeting> Meetings { get; init => field = ValueList.From(value); } = ValueList<Meeting>.Empty;

    public LabourMarketAssessment? LabourMarketAssessment { get; init; }
    public ActivityLevel? ActivityLevel { get; init; }
    public RehabilitationPlan? Plan { get; init; }
    public NotProceedingDecision? NotProceeding { get; init; }
    public Decline? Decline { get; init; }
    public DateOnly? ConcludedDate { get; init; }
    public Cancellation? Cancellation { get; init; }

    /// <summary>Whether the AF specialist <paramref name="userId"/> attends a meeting of the round (one not cancelled).</summary>
    public bool IsAttendedBy(string userId) =>
        !string.IsNullOrEmpty(userId) && Meetings.Any(m => m.Status != MeetingStatus.Cancelled && m.AfSpecialistIds.Contains(userId));

    /// <summary>One round per booked referral, and one round per sick case and round number. Both are permanent.</summary>
    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys => [ReferralKey(ReferralId), RoundKey(SickCaseId, RoundNo)];

    public static string ReferralKey(string referralId) => $"referral:{referralId}";

    public static string RoundKey(string sickCaseId, int roundNo) => $"round:{sickCaseId}:{roundNo}";

    public static JointAssessment Replay(IEnumerable<IDomainEvent> events) =>
        events.Aggregate(new JointAssessment(), (state, e) => state.Apply(e));

    /// <summary>Evolves the state by one event. Facts only: the decisions were taken by the command that emitted it.</summary>
    public JointAssessment Apply(IDomainEvent domainEvent) => domainEvent switch
    {
        JointAssessmentOpened e => Open(e),
        MeetingScheduled e => this with
        {
            Meetings = [.. Meetings, new Meeting
            {
                MeetingId = e.MeetingId, MeetingType = e.MeetingType, Status = MeetingStatus.Scheduled, MeetingAt = e.MeetingAt,
                ScheduledDate = e.EffectiveDate, Implied = e.Implied, ChronologyOverride = e.ChronologyOverride, AfSpecialistIds = e.AfSpecialistIds,
            }],
            State = e.MeetingType == MeetingType.JaPlanning ? JointAssessmentState.Planning : State,
        },
        MeetingRescheduled e => WithMeeting(e.MeetingId, m => m with
        {
            MeetingAt = e.MeetingAt, ScheduledDate = e.EffectiveDate, ChronologyOverride = e.ChronologyOverride ?? m.ChronologyOverride,
        }),
        MeetingCancelled e => WithMeeting(e.MeetingId, m => m with
        {
            Status = MeetingStatus.Cancelled, CancellationReason = e.Reason, CancelledBy = e.CancelledBy, CancelledDate = e.EffectiveDate,
        }),
        MeetingHeld e => Held(e),
        MeetingNoShow e => WithMeeting(e.MeetingId, m => m with
        {
            Status = MeetingStatus.NoShow, OccurredDate = e.EffectiveDate, ChronologyOverride = e.ChronologyOverride ?? m.ChronologyOverride,
        }),
        ConsentRecorded e => this with
        {
            ConsentState = e.ConsentState,
            ConsentGivenDate = e.ConsentState == ConsentState.Given ? e.EffectiveDate : ConsentGivenDate,
        },
        LabourMarketAssessmentCompleted e => this with
        {
            LabourMarketAssessment = new LabourMarketAssessment(e.IllnessImpact, e.AdaptationNeeds, e.EffectiveDate),
        },
        ActivityLevelAssessed e => this with { ActivityLevel = new ActivityLevel(e.HoursPerWeek, e.Stability, e.EffectiveDate) },
        RehabilitationPlanEstablished e => this with
        {
            Plan = new RehabilitationPlan
            {
                PlanVersion = 1, Goals = e.Goals, FirstOrientation = e.FirstOrientation, EstablishedDate = e.EffectiveDate,
                PlannedInterventions = e.PlannedInterventions,
            },
        },
        RehabilitationPlanRevised e => this with
        {
            Plan = Plan! with
            {
                PlanVersion = Plan.PlanVersion + 1, Goals = e.Goals, FirstOrientation = e.FirstOrientation, RevisedDate = e.EffectiveDate,
                PlannedInterventions = e.PlannedInterventions,
            },
        },
        DecidedNotToProceed e => this with { NotProceeding = new NotProceedingDecision(e.Reasons, e.ReferredTo, e.EffectiveDate) },
        ParticipationDeclined e => this with { Decline = new Decline(e.ValidReason, e.Channel, e.EffectiveDate) },
        JointAssessmentConcluded e => this with
        {
            State = JointAssessmentState.Concluded, Conclusion = e.Conclusion, ConcludedDate = e.EffectiveDate,
        },
        JointAssessmentCancelled e => Cancelled(e),
        _ => throw new ArgumentException($"{domainEvent.GetType().Name} is not a joint-assessment event", nameof(domainEvent)),
    };

    private JointAssessment Open(JointAssessmentOpened e)
    {
        if (State != JointAssessmentState.Unspecified)
            throw new InvalidOperationException($"round {JointAssessmentId} is already open; JointAssessmentOpened must be its first event");

        return new JointAssessment
        {
            JointAssessmentId = e.JointAssessmentId,
            ReferralId = e.ReferralId,
            PersonId = e.PersonId,
            SickCaseId = e.SickCaseId,
            RoundNo = e.RoundNo,
            BenefitTypes = e.BenefitTypes,
            Gender = e.Gender,
            FkOfficeId = e.FkOfficeId,
            AfOfficeId = e.AfOfficeId,
            AfOfficerId = e.AfOfficerId,
            ProcessVersion = e.ProcessVersion,
            State = JointAssessmentState.Scheduled,
            ConsentState = e.ConsentState,
            ConsentGivenDate = e.ConsentState == ConsentState.Given ? e.ConsentGivenDate ?? e.EffectiveDate : null,
            BookedDate = e.EffectiveDate,
            RequestReceivedDate = e.RequestReceivedDate ?? e.EffectiveDate,
            Meetings = [e.FirstMeeting],
        };
    }

    private JointAssessment Cancelled(JointAssessmentCancelled e)
    {
        var meetingReason = e.CancelledBy switch
        {
            Participant.FkCaseOfficer => CancellationReason.FkOfficerCancelled,
            Participant.AfOfficer => CancellationReason.AfOfficerCancelled,
            _ => CancellationReason.Other,
        };
        var withMeetings = e.CancelledMeetingIds.Aggregate(this, (state, id) => state.WithMeeting(id, m => m with
        {
            Status = MeetingStatus.Cancelled, CancellationReason = meetingReason, CancelledBy = e.CancelledBy, CancelledDate = e.EffectiveDate,
        }));
        return withMeetings with
        {
            State = JointAssessmentState.Cancelled, Cancellation = new Cancellation(e.Reason, e.CancelledBy, e.Note, e.EffectiveDate),
        };
    }

    private JointAssessment Held(MeetingHeld e)
    {
        var type = MeetingById(e.MeetingId).MeetingType;
        var held = WithMeeting(e.MeetingId, m => m with
        {
            Status = MeetingStatus.Held, OccurredDate = e.EffectiveDate, Mode = e.Mode, Participants = e.Participants, Implied = e.Implied,
            ChronologyOverride = e.ChronologyOverride ?? m.ChronologyOverride,
            AfSpecialistIds = e.AfSpecialistIds.Count > 0 ? e.AfSpecialistIds : m.AfSpecialistIds,
        });
        return held with
        {
            FirstMeetingDate = FirstMeetingDate is { } first && first <= e.EffectiveDate ? first : e.EffectiveDate,
            State = type switch
            {
                MeetingType.JaInformation => JointAssessmentState.Informed,
                MeetingType.JaLegacy => JointAssessmentState.InProgress,
                _ => State,
            },
        };
    }

    private JointAssessment WithMeeting(string meetingId, Func<Meeting, Meeting> change) =>
        this with { Meetings = Meetings.Select(m => m.MeetingId == meetingId ? change(m) : m).ToList() };

    private Meeting MeetingById(string meetingId) =>
        Meetings.FirstOrDefault(m => m.MeetingId == meetingId)
        ?? throw new InvalidOperationException($"round {JointAssessmentId} has no meeting {meetingId}");
}
