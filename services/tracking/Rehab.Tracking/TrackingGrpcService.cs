using System.Globalization;
using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts.Tracking.V1;
using Rehab.Metrics;
using Domain = Rehab.Tracking.Domain;

namespace Rehab.Tracking;

/// <summary>
/// Thin read adapter over tracking's projections. Personal rows go through <see cref="PersonalRecords{TState}"/> (authorized and
/// audited); the work queues, ordered by what the officer needs first, audit their page with <see cref="PersonalDataAudit"/>; lead-time
/// statistics are aggregates only (no rows, D3) and are computed from every case's milestone set on each call.
/// </summary>
public sealed class TrackingGrpcService(
    AggregateRepository<Domain.CaseTrack> cases, AggregateRepository<Domain.SgiProtection> sgi, AggregateRepository<Domain.FollowUp> followUps,
    PersonalRecords<Domain.CaseTrack> caseRecords, PersonalRecords<Domain.SgiProtection> sgiRecords, PersonalDataAudit audit,
    TrackingAccess access, ICallerContext caller, Domain.SgiRules rules, OfficeRegions officeRegions, TimeProvider time)
    : TrackingService.TrackingServiceBase
{
    private static readonly string[] CaseFields = ["person_id", "sick_case_id", "gender", "benefit_types", "offices", "milestones"];
    private static readonly string[] SgiFields = ["person_id", "sgi_status", "last_sickness_benefit_day", "af_registration_date"];
    private static readonly string[] FollowUpFields = ["person_id", "participation_id", "due_date", "follow_up_status", "offices"];

    public override async Task<CaseTimeline> GetCaseTimeline(GetCaseTimelineRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.ReferralId, "referral_id").ThrowIfAny();
        var ct = context.CancellationToken;
        // Cases are partitioned by person; a referral id alone is found by a scan (fine for v1 volumes, see docs/architecture.md).
        var (found, _) = await cases.ListAsync(c => c.ReferralId == request.ReferralId, 1, null, ct);
        if (found.Count == 0) throw new NotFoundException("case", request.ReferralId);
        return (await caseRecords.ReadAsync(found[0].Id, access.Ensure, CaseFields, ct)).ToContract();
    }

    public override async Task<PersonTimeline> GetPersonTimeline(GetPersonTimelineRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.PersonId, "person_id").ThrowIfAny();
        var ct = context.CancellationToken;
        var all = await AllAsync(cases, c => c.PersonId == request.PersonId, ct);
        var protection = await sgi.FindByUniqueKeyAsync(request.PersonId, Domain.SgiProtection.PersonKey(request.PersonId), ct);
        if (all.Count == 0 && protection is null) throw new NotFoundException("person timeline", request.PersonId);
        var states = all.Select(c => c.State).ToList();
        var sgiReadable = protection is not null && access.CanRead(protection.State, states);
        if (!states.Any(access.CanRead) && !sgiReadable) throw new AccessDeniedException("this person has no case at an office you serve");

        var timeline = new PersonTimeline { PersonId = request.PersonId };
        string? token = null;
        do
        {
            var (page, next) = await caseRecords.ListAsync(c => c.PersonId == request.PersonId, access.CanRead, 500, token, CaseFields, ct);
            timeline.Cases.AddRange(page.Select(c => c.ToContract()));
            token = next.OrNull();
        }
        while (token is not null);

        if (sgiReadable)
            timeline.Sgi = (await sgiRecords.ReadAsync(protection!.Id, _ => { }, SgiFields, ct)).ToContract(time.GetUtcNow(), rules);
        return timeline;
    }

    public override async Task<SgiProtection> GetSgiProtection(GetSgiProtectionRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.PersonId, "person_id").ThrowIfAny();
        var ct = context.CancellationToken;
        var protection = await sgi.FindByUniqueKeyAsync(request.PersonId, Domain.SgiProtection.PersonKey(request.PersonId), ct)
            ?? throw new NotFoundException("sgi protection", request.PersonId);
        var casesOfPerson = (await AllAsync(cases, c => c.PersonId == request.PersonId, ct)).Select(c => c.State).ToList();
        var stored = await sgiRecords.ReadAsync(protection.Id, p =>
        {
            if (!access.CanRead(p, casesOfPerson)) throw new AccessDeniedException("this person's SGI work belongs to offices you do not serve");
        }, SgiFields, ct);
        return stored.ToContract(time.GetUtcNow(), rules);
    }

    public override async Task<ListReferralsToBookResponse> ListReferralsToBook(ListReferralsToBookRequest request, ServerCallContext context)
    {
        ListArguments.ValidatePageSize(request.PageSize);
        var ct = context.CancellationToken;
        var office = request.FkOfficeId.OrNull();
        if (office is not null && caller.ActingRole == Role.FkCaseOfficer) caller.EnsureServesOffice(office);
        var today = CivilTime.Today(time);

        var waiting = (await AllAsync(cases, c => c.AwaitsBooking && access.CanRead(c) && (office is null || c.FkOfficeId == office), ct))
            .OrderBy(c => c.State.Milestones.DateOf(Metrics.Milestone.JointAssessmentRequested))
            .ThenBy(c => c.State.ReferralId, StringComparer.Ordinal)
            .ToList();
        var (page, next) = Page(waiting, request.PageSize, request.PageToken);
        if (page.Count > 0) await audit.RecordReadAsync("case", page.Select(c => c.Id), CaseFields, ct);

        var response = new ListReferralsToBookResponse { NextPageToken = next };
        response.Referrals.AddRange(page.Select(c => new ReferralToBook
        {
            ReferralId = c.State.ReferralId, PersonId = c.State.PersonId, FkOfficeId = c.State.FkOfficeId,
            RequestSentDate = c.State.Milestones.DateOf(Metrics.Milestone.JointAssessmentRequested).ToProto(),
            RequestReceivedDate = c.State.Milestones.DateOf(Metrics.Milestone.RequestReceived).ToProto(),
            DaysWaiting = c.State.DaysWaiting(today),
        }));
        return response;
    }

    public override async Task<ListSgiAtRiskResponse> ListSgiAtRisk(ListSgiAtRiskRequest request, ServerCallContext context)
    {
        ListArguments.ValidatePageSize(request.PageSize);
        var ct = context.CancellationToken;
        var office = request.OfficeId.OrNull();
        if (office is not null) caller.EnsureServesOffice(office);
        var now = time.GetUtcNow();

        bool ForCaller(Domain.SgiProtection p) => office is null
            ? caller.ServesOffice(p.OfficeId) || caller.ServesOffice(p.FkOfficeId)
            : p.OfficeId == office || p.FkOfficeId == office;

        var atRisk = (await AllAsync(sgi, p => ForCaller(p) && p.Evaluate(now, rules).Status == Domain.SgiStatus.AtRisk, ct))
            .OrderBy(p => p.State.ClockOf(rules)!.DeadlineDate).ThenBy(p => p.State.PersonId, StringComparer.Ordinal)
            .ToList();
        var (page, next) = Page(atRisk, request.PageSize, request.PageToken);
        if (page.Count > 0) await audit.RecordReadAsync("sgi_protection", page.Select(p => p.Id), SgiFields, ct);

        var response = new ListSgiAtRiskResponse { NextPageToken = next };
        response.People.AddRange(page.Select(p => p.ToContract(now, rules)));
        return response;
    }

    public override async Task<ListFollowUpsDueResponse> ListFollowUpsDue(ListFollowUpsDueRequest request, ServerCallContext context)
    {
        ListArguments.ValidatePageSize(request.PageSize);
        var ct = context.CancellationToken;
        var office = request.OfficeId.OrNull();
        if (office is not null) caller.EnsureServesOffice(office);
        var now = time.GetUtcNow();
        var today = CivilTime.DateOf(now);

        bool ForCaller(Domain.FollowUp f) => office is null
            ? caller.ServesOffice(f.OfficeId) || caller.ServesOffice(f.FkOfficeId)
            : f.OfficeId == office || f.FkOfficeId == office;

        var due = (await AllAsync(followUps, f => ForCaller(f) && f.DueDate != default
                && f.StatusAt(now) is Domain.FollowUpStatus.Due or Domain.FollowUpStatus.Overdue, ct))
            .OrderBy(f => f.State.DueDate).ThenBy(f => f.State.ParticipationId, StringComparer.Ordinal)
            .ToList();
        var (page, next) = Page(due, request.PageSize, request.PageToken);
        if (page.Count > 0) await audit.RecordReadAsync("follow_up", page.Select(f => f.Id), FollowUpFields, ct);

        // The case of each participation (its referral and the officer who works it now), read at this instant.
        var wanted = page.Select(f => f.State.ParticipationId).ToHashSet(StringComparer.Ordinal);
        var casesOf = new Dictionary<string, Domain.CaseTrack>(StringComparer.Ordinal);
        if (wanted.Count > 0)
            foreach (var c in await AllAsync(cases, c => wanted.Contains(c.ParticipationId), ct)) casesOf.TryAdd(c.State.ParticipationId, c.State);

        var response = new ListFollowUpsDueResponse { NextPageToken = next };
        response.FollowUps.AddRange(page.Select(f =>
        {
            var track = casesOf.GetValueOrDefault(f.State.ParticipationId);
            return new FollowUpDue
            {
                ParticipationId = f.State.ParticipationId, PersonId = f.State.PersonId, ReferralId = track?.ReferralId ?? "",
                DueDate = f.State.DueDate.ToProto(),
                Status = f.State.StatusAt(now) == Domain.FollowUpStatus.Overdue ? FollowUpStatus.Overdue : FollowUpStatus.Due,
                DaysLeft = f.State.DueDate.DayNumber - today.DayNumber, AfOfficeId = f.State.OfficeId, FkOfficeId = f.State.FkOfficeId,
                AfOfficerId = track is { AfOfficerId.Length: > 0 } ? track.AfOfficerId : f.State.OfficerId,
            };
        }));
        return response;
    }

    public override async Task<GetLeadTimeStatisticsResponse> GetLeadTimeStatistics(GetLeadTimeStatisticsRequest request, ServerCallContext context)
    {
        var (from, to) = ListArguments.Validate(0, request.FromDate, request.ToDate);
        var unknown = request.LeadTimeIds.Where(id => LeadTimes.Find(id) is null).ToList();
        new Violations().Require(unknown.Count == 0, "lead_time_ids", $"unknown lead time(s) {string.Join(", ", unknown)}; use LT1–LT11").ThrowIfAny();

        var regions = await officeRegions.CurrentAsync(context.CancellationToken);
        var all = await AllAsync(cases, _ => true, context.CancellationToken);
        var metricCases = all.Select(c => c.State.ToMetricCase(c.Id, regions.GetValueOrDefault(c.State.FkOfficeId, "")));
        var query = new LeadTimeQuery(
            request.LeadTimeIds.Select(id => LeadTimes.Find(id)!.Id).ToList(), request.PeriodKind.ToDomain(), request.Breakdown.ToDomain(), from, to);

        var response = new GetLeadTimeStatisticsResponse();
        response.Rows.AddRange(LeadTimeAggregation.Aggregate(metricCases, query).Select(r => r.ToContract()));
        return response;
    }

    private static async Task<List<Stored<T>>> AllAsync<T>(AggregateRepository<T> repository, Func<T, bool> filter, CancellationToken ct) where T : class
    {
        var all = new List<Stored<T>>();
        string? token = null;
        do
        {
            var (page, next) = await repository.ListAsync(filter, 500, token, ct);
            all.AddRange(page);
            token = next.OrNull();
        }
        while (token is not null);
        return all;
    }

    /// <summary>An offset page of an ordered queue; the token is the offset of the next page.</summary>
    private static (List<T> Page, string Next) Page<T>(List<T> ordered, int pageSize, string? token)
    {
        pageSize = pageSize switch { <= 0 => 50, > 500 => 500, _ => pageSize };
        var offset = 0;
        if (!string.IsNullOrEmpty(token) && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > ordered.Count))
            throw new ValidationFailedException("page_token", "is not a page token this service issued");
        var page = ordered.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < ordered.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : "";
        return (page, next);
    }
}
