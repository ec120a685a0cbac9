using Google.Protobuf;
using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts;
using Rehab.Metrics;
using Rehab.Tracking.Domain;
using Interventions = Rehab.Contracts.Interventions.V1;
using JA = Rehab.Contracts.JointAssessment.V1;
using Referral = Rehab.Contracts.Referral.V1;

namespace Rehab.Tracking;

/// <summary>
/// What one event says about a case, and how to find the case: by its referral, by the round linked to it, or by the
/// participation linked to it.
/// </summary>
public sealed record CaseReport(string? ReferralId, string? JointAssessmentId, string PersonId, CaseObservation Observation)
{
    public string? ParticipationId { get; init; }
}

/// <summary>
/// Which event of which service reports which milestone (and details, assignment, round and participation links). The one place
/// that knows the other contexts' events: a new event source is one <see cref="Add{T}"/> entry each, and its topic one
/// <c>AddEventHandler</c> line. Transition meetings (kontaktmöte, omställningsmöte) are not here: they belong to a person and a
/// sick case, not to a referral's case, and no lead time of DOMAIN §6 starts or ends at one (their figures are reporting's
/// Tabell 4 and 5).
/// </summary>
public static class MilestoneMap
{
    private static readonly Dictionary<string, Func<CloudEvent, IEnumerable<CaseReport>>> Entries = [];

    static MilestoneMap()
    {
        // rehab.referral.v1
        Add<Referral.RehabilitationNeedIdentified>((x, e) =>
        [
            new CaseReport(x.ReferralId, null, x.PersonId, Observe(e, x.EffectiveDate, Milestone.RehabilitationNeedIdentified) with
            {
                Details = Details(x.SickCaseId, x.Gender, x.BenefitTypes, x.FkOfficeId),
            }),
            ByReferral(e, x.ReferralId, x.PersonId, x.SickCaseStartDate, Milestone.SickCaseStarted),
        ]);
        Add<Referral.CooperationRelevanceAssessed>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.CooperationRelevanceAssessed)]);
        Add<Referral.ConsentRequested>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.ConsentRequested)]);
        Add<Referral.ConsentGiven>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.ConsentGiven)]);
        Add<Referral.ConsentRefused>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.ReferralClosed)]);
        Add<Referral.JointAssessmentRequested>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.JointAssessmentRequested)]);
        Add<Referral.JointAssessmentRequestReceived>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.RequestReceived)]);
        Add<Referral.JointAssessmentBooked>((x, e) =>
        [
            new CaseReport(x.ReferralId, null, x.PersonId, Observe(e, x.EffectiveDate, Milestone.JointAssessmentBooked) with
            {
                Details = Details(x.SickCaseId, x.Gender, x.BenefitTypes, x.FkOfficeId),
                Assignment = new CaseAssignment(x.FkOfficeId, x.AfOfficeId, x.AfOfficerId),
            }),
        ]);
        Add<Referral.JointAssessmentRequestRejected>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.ReferralClosed)]);
        Add<Referral.ReferralWithdrawn>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.ReferralClosed)]);

        // rehab.jointassessment.v1
        Add<JA.JointAssessmentOpened>((x, e) =>
        [
            new CaseReport(x.ReferralId, null, x.PersonId, Observe(e, x.EffectiveDate, null) with
            {
                JointAssessmentId = x.JointAssessmentId, RoundNo = x.RoundNo,
                Assignment = new CaseAssignment(x.FkOfficeId, x.AfOfficeId, x.AfOfficerId),
            }),
        ]);
        // Every held meeting is a candidate; the earliest counts (a late-recorded earlier meeting takes over).
        Add<JA.MeetingHeld>((x, e) => [ByRound(e, x.JointAssessmentId, x.PersonId, x.EffectiveDate, Milestone.FirstJointAssessmentMeeting)]);
        Add<JA.JointAssessmentConcluded>((x, e) => [ByReferral(e, x.ReferralId, x.PersonId, x.EffectiveDate, Milestone.JointAssessmentConcluded)]);

        // rehab.interventions.v1: the plan's participation names its referral and round; its later events name only the participation.
        Add<Interventions.ParticipationPlanned>((x, e) =>
        [
            new CaseReport(x.ReferralId.OrNull(), x.JointAssessmentId.OrNull(), x.PersonId, Observe(e, x.EffectiveDate, null) with
            {
                ParticipationId = x.ParticipationId,
            }),
        ]);
        Add<Interventions.ParticipationStarted>((x, e) =>
            [ByParticipation(e, x.ParticipationId, x.PersonId, x.StartDate ?? x.EffectiveDate, Milestone.ParticipationStarted)]);
        // Every started intervention is a candidate; the earliest counts, so a late-recorded earlier start takes over (LT6, LT7).
        Add<Interventions.InterventionStarted>((x, e) =>
            [ByParticipation(e, x.ParticipationId, x.PersonId, x.EffectiveDate, Milestone.FirstInterventionStarted)]);
        Add<Interventions.ParticipationClosed>((x, e) =>
            [ByParticipation(e, x.ParticipationId, x.PersonId, x.EffectiveDate, Milestone.ParticipationClosed)]);
    }

    /// <summary>The event types of <paramref name="topic"/> that have an entry (a context's event types are named "&lt;topic&gt;.Name").</summary>
    public static string[] EventTypesOn(string topic) => Entries.Keys.Where(t => t.StartsWith(topic + ".", StringComparison.Ordinal)).Order().ToArray();

    public static IReadOnlyList<CaseReport> Read(CloudEvent e) => Entries.TryGetValue(e.Type, out var read) ? read(e).ToList() : [];

    private static void Add<T>(Func<T, CloudEvent, IEnumerable<CaseReport>> read) where T : IMessage<T>, new() =>
        Entries.Add(new T().Descriptor.FullName, e => read(e.Unpack<T>(), e));

    private static CaseObservation Observe(CloudEvent e, Google.Type.Date? effective, Milestone? milestone) =>
        new(e.Id, e.Time, effective.ToDateOnly("effective_date")) { Milestone = milestone };

    private static CaseDetails Details(
        string sickCaseId, Contracts.Common.V1.Gender gender, IEnumerable<Contracts.Common.V1.BenefitType> benefits, string fkOfficeId) =>
        new(sickCaseId, (BuildingBlocks.Domain.Gender)gender, benefits.Select(b => (BuildingBlocks.Domain.BenefitType)b).ToList(), fkOfficeId);

    private static CaseReport ByReferral(CloudEvent e, string referralId, string personId, Google.Type.Date? effective, Milestone milestone) =>
        new(referralId, null, personId, Observe(e, effective, milestone));

    private static CaseReport ByRound(CloudEvent e, string jointAssessmentId, string personId, Google.Type.Date? effective, Milestone milestone) =>
        new(null, jointAssessmentId, personId, Observe(e, effective, milestone));

    private static CaseReport ByParticipation(CloudEvent e, string participationId, string personId, Google.Type.Date? effective, Milestone milestone) =>
        new(null, null, personId, Observe(e, effective, milestone)) { ParticipationId = participationId };

    /// <summary>The topics tracking reads cases from.</summary>
    public static IReadOnlyList<string> Topics { get; } = [Contracts.Topics.Referral, Contracts.Topics.JointAssessment, Contracts.Topics.Interventions];
}
