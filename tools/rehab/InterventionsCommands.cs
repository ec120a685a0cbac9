using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Interventions.V1;

namespace Rehab.Cli;

/// <summary><c>rehab interventions …</c>: participations, their interventions, follow-ups and closure.</summary>
internal static class InterventionsCommands
{
    private const string Id = "<participation-id>";

    private static readonly OptionSpec Etag = new("etag", "act only if the participation is still at this version (from an earlier read); a stale one "
        + "exits 5. Without it the tool reads the participation first and acts on its current version", "etag");

    private static readonly OptionSpec EffectiveDate = new("effective", "the date the fact took effect: yyyy-MM-dd or today (default today, Europe/Stockholm)", "date");

    public static CommandSpec[] All { get; } =
    [
        new("interventions", "list", "Lists participations the caller may see, newest first.", [],
        [
            new("state", $"only this state: {string.Join(", ", Names.Values<ParticipationState>())}", "state"),
            new("in-office", "only participations of this FK or AF office", "office-id"),
            new("joint-assessment", "only the participation planned from this round", "joint-assessment-id"),
            new("from", "planned on or after this date", "date"),
            new("to", "planned on or before this date", "date"),
            new("limit", "show at most this many (default 50); pages are fetched as needed", "n"),
        ], ListAsync),
        new("interventions", "show", "Shows a participation: its plan, interventions, follow-ups and closure.", ["<participation-id>"], [],
            async inv => Show(inv, await inv.Client.Interventions.GetAsync(inv.Argument(0)))),
        new("interventions", "start", "AF records the start of the participation (planned -> active) with the insured working hours.", [Id],
        [
            new("insured-hours", "the person's insured (normal) working hours per week, more than 0 and at most 80", "hours"),
            Etag, EffectiveDate,
        ], inv =>
        {
            var hours = inv.RequiredNumber("insured-hours");
            return StepAsync(inv, (current, date) => inv.Client.Interventions.StartAsync(current, date, hours));
        }, "The platform computes from the insured hours whether programme assignment is allowed (T7: a quarter of them)."),
        new("interventions", "decide", "AF decides an intervention: type, orientation, regi, legal basis, hours and planned dates.", [Id],
        [
            new("type", $"the intervention: {string.Join(", ", Names.Values<InterventionType>())}", "type"),
            new("orientation", $"{string.Join(", ", Names.Values<InterventionOrientation>())}", "orientation"),
            new("regi", $"who delivers it: {string.Join(", ", Names.Values<DeliveryRegi>())}", "regi"),
            new("provider", "the provider (required for procured regi, not given otherwise)", "provider-id"),
            new("named-service", $"optional: {string.Join(", ", Names.Values<NamedService>())}", "service"),
            new("legal-basis", $"{string.Join(", ", Names.Values<LegalBasis>())}", "basis"),
            new("hours", "hours per week, more than 0 and at most 80", "hours"),
            new("planned-start", "the planned first day (default: the effective date)", "date"),
            new("planned-end", "the planned last day (required for procured regi: time-limited)", "date"),
            Etag, EffectiveDate,
        ], DecideAsync, "Prints the participation; the new intervention's id is on its 'intervention <id>' line."),
        new("interventions", "start-intervention", "AF records that a decided intervention started.", [Id],
        [
            new("intervention", "the intervention (default: the only one still decided)", "intervention-id"), Etag, EffectiveDate,
        ], inv => InterventionStepAsync(inv, InterventionState.Decided,
            (current, id, date) => inv.Client.Interventions.StartInterventionAsync(current, id, date))),
        new("interventions", "end-intervention", "AF records that an ongoing intervention ended, and why.", [Id],
        [
            new("reason", $"why: {string.Join(", ", Names.Values<InterventionEndReason>())}", "reason"),
            new("intervention", "the intervention (default: the only one ongoing)", "intervention-id"), Etag, EffectiveDate,
        ], inv =>
        {
            var reason = Names.Parse<InterventionEndReason>(inv.Required("reason"), "reason");
            return InterventionStepAsync(inv, InterventionState.Ongoing,
                (current, id, date) => inv.Client.Interventions.EndInterventionAsync(current, id, date, reason));
        }),
        new("interventions", "follow-up", "Records a follow-up held on --effective: mode, participants, each goal of the plan, health change.", [Id],
        [
            new("mode", $"{string.Join(", ", Names.Values<FollowUpMode>())} (default physical)", "mode"),
            new("participant", $"who took part: {string.Join(", ", Names.Values<FollowUpParticipant>())} (default individual, fk-case-officer, af-officer)",
                "participant", Repeatable: true),
            new("goal", $"a goal of the plan by its index (see 'interventions show') and its status: e.g. 0=met; statuses {string.Join(", ", Names.Values<GoalStatus>())}. "
                + "Every goal must be checked", "index=status", Repeatable: true),
            new("health", $"the health change: {string.Join(", ", Names.Values<HealthChange>())}", "change"),
            new("plan-revision-needed", "the plan must be revised (the revision itself is made in the joint assessment)"),
            Etag, EffectiveDate,
        ], FollowUpAsync),
        new("interventions", "initiate-closure", "Records who initiated closure (active or on hold -> closure proposed).", [Id],
        [
            new("initiator", $"who initiated it: {string.Join(", ", Names.Values<ClosureInitiator>())}", "initiator", Repeatable: true),
            new("channel", $"how the individual conveyed it (required when the individual is an initiator): {string.Join(", ", Names.Values<Channel>())}", "channel"),
            Etag, EffectiveDate,
        ], inv =>
        {
            var initiators = inv.Many("initiator").Select(i => Names.Parse<ClosureInitiator>(i, "initiator")).ToList();
            if (initiators.Count == 0) throw new UsageException("rehab interventions initiate-closure: --initiator is required");
            var channel = inv.Option("channel") is { } c ? Names.Parse<Channel>(c, "channel") : Channel.Unspecified;
            return StepAsync(inv, (current, date) => inv.Client.Interventions.InitiateClosureAsync(current, date, initiators, channel));
        }),
        new("interventions", "decide-closure", "FK decides closure on --effective (the closed date): outcome, reasons, benefit, occupation after.", [Id],
        [
            new("outcome", $"{string.Join(", ", Names.Values<Outcome>())}", "outcome"),
            new("reason", $"a closure reason: {string.Join(", ", Names.Values<ClosureReason>())}", "reason", Repeatable: true),
            new("benefit", $"the benefit at closure: {string.Join(", ", Names.Values<BenefitType>())}", "type"),
            new("occupation", $"the occupation after closure: {string.Join(", ", Names.Values<OccupationAfterClosure>())}", "occupation"),
            new("work-capacity-hours", "the work capacity in hours per week (default 0)", "hours"),
            new("unknown-reason", $"required when the outcome is unknown: {string.Join(", ", Names.Values<UnknownOutcomeReason>())}", "reason"),
            Etag, EffectiveDate,
        ], DecideClosureAsync, "Suspicious outcome/occupation pairs are recorded and shown as warnings (exit 0), not refused."),
    ];

    private static Task<int> DecideAsync(Invocation inv)
    {
        var decision = new DecideInterventionRequest
        {
            Type = Names.Parse<InterventionType>(inv.Required("type"), "type"),
            Orientation = Names.Parse<InterventionOrientation>(inv.Required("orientation"), "orientation"),
            Regi = Names.Parse<DeliveryRegi>(inv.Required("regi"), "regi"),
            ProviderId = inv.Option("provider") ?? "",
            NamedService = inv.Option("named-service") is { } n ? Names.Parse<NamedService>(n, "named-service") : NamedService.Unspecified,
            LegalBasis = Names.Parse<LegalBasis>(inv.Required("legal-basis"), "legal-basis"),
            HoursPerWeek = inv.RequiredNumber("hours"),
            PlannedStartDate = (inv.DateOption("planned-start") ?? inv.Effective).ToProto(),
            PlannedEndDate = inv.DateOption("planned-end").ToProto(),
        };
        return StepAsync(inv, (current, date) => inv.Client.Interventions.DecideInterventionAsync(current, date, decision));
    }

    private static Task<int> FollowUpAsync(Invocation inv)
    {
        var followUp = new RecordFollowUpRequest
        {
            Mode = Names.Parse<FollowUpMode>(inv.Option("mode") ?? "physical", "mode"),
            HealthChange = Names.Parse<HealthChange>(inv.Required("health"), "health"),
            PlanRevisionNeeded = inv.Flag("plan-revision-needed"),
        };
        followUp.Participants.AddRange(inv.Many("participant") is { Count: > 0 } given
            ? given.Select(p => Names.Parse<FollowUpParticipant>(p, "participant"))
            : [FollowUpParticipant.Individual, FollowUpParticipant.FkCaseOfficer, FollowUpParticipant.AfOfficer]);
        foreach (var goal in inv.Many("goal"))
        {
            var parts = goal.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                throw new UsageException($"--goal: '{goal}' is not <index>=<status> (e.g. 0=met)");
            followUp.GoalChecks.Add(new GoalCheck { GoalIndex = index, Status = Names.Parse<GoalStatus>(parts[1], "goal") });
        }

        return StepAsync(inv, (current, date) => inv.Client.Interventions.RecordFollowUpAsync(current, date, followUp));
    }

    private static Task<int> DecideClosureAsync(Invocation inv)
    {
        var decision = new DecideClosureRequest
        {
            Outcome = Names.Parse<Outcome>(inv.Required("outcome"), "outcome"),
            BenefitTypeAtClosure = Names.Parse<BenefitType>(inv.Required("benefit"), "benefit"),
            OccupationAfterClosure = inv.Option("occupation") is { } o ? Names.Parse<OccupationAfterClosure>(o, "occupation") : OccupationAfterClosure.Unspecified,
            WorkCapacityHoursPerWeek = inv.NumberOption("work-capacity-hours") ?? 0,
            UnknownOutcomeReason = inv.Option("unknown-reason") is { } u ? Names.Parse<UnknownOutcomeReason>(u, "unknown-reason") : UnknownOutcomeReason.Unspecified,
        };
        decision.ClosureReasons.AddRange(inv.Many("reason").Select(r => Names.Parse<ClosureReason>(r, "reason")));
        if (decision.ClosureReasons.Count == 0) throw new UsageException("rehab interventions decide-closure: --reason is required");
        return StepAsync(inv, (current, date) => inv.Client.Interventions.DecideClosureAsync(current, date, decision));
    }

    /// <summary>
    /// A step on the version to act on: the one named by --etag, else the participation as it is now. Options are read before
    /// this, so a malformed command line never reaches the platform.
    /// </summary>
    private static async Task<int> StepAsync(Invocation inv, Func<Participation, DateOnly, Task<Participation>> step)
    {
        var date = inv.Effective;
        var current = inv.Option("etag") is { } etag
            ? new Participation { ParticipationId = inv.Argument(0), Etag = etag }
            : await inv.Client.Interventions.GetAsync(inv.Argument(0));
        return Show(inv, await step(current, date));
    }

    /// <summary>A step on one intervention: --intervention, else the participation's only intervention in <paramref name="state"/>.</summary>
    private static async Task<int> InterventionStepAsync(
        Invocation inv, InterventionState state, Func<Participation, string, DateOnly, Task<Participation>> step)
    {
        var date = inv.Effective;
        var id = inv.Option("intervention");
        Participation current;
        if (id is null)
        {
            current = await inv.Client.Interventions.GetAsync(inv.Argument(0));
            var candidates = current.Interventions.Where(i => i.State == state).ToList();
            if (candidates.Count != 1)
                throw new UsageException($"rehab {inv.Command.Path}: participation {current.ParticipationId} has {candidates.Count} "
                                         + $"{Names.Kebab(state)} interventions; pass --intervention");
            id = candidates[0].InterventionId;
            if (inv.Option("etag") is { } given) current = new Participation(current) { Etag = given };
        }
        else
        {
            current = inv.Option("etag") is { } etag
                ? new Participation { ParticipationId = inv.Argument(0), Etag = etag }
                : await inv.Client.Interventions.GetAsync(inv.Argument(0));
        }

        return Show(inv, await step(current, id, date));
    }

    private static async Task<int> ListAsync(Invocation inv)
    {
        var filter = new ListParticipationsRequest
        {
            State = inv.Option("state") is { } s ? Names.Parse<ParticipationState>(s, "state") : ParticipationState.Unspecified,
            OfficeId = inv.Option("in-office") ?? "",
            JointAssessmentId = inv.Option("joint-assessment") ?? "",
            FromDate = inv.DateOption("from").ToProto(),
            ToDate = inv.DateOption("to").ToProto(),
        };
        var limit = inv.Limit;
        filter.PageSize = Math.Min(limit, 100);
        var participations = await TrackingCommands.TakeAsync(inv.Client.Interventions.ListAllAsync(filter), limit);
        inv.Out.Table(participations, ["PARTICIPATION_ID", "STATE", "JOINT_ASSESSMENT_ID", "FK_OFFICE", "AF_OFFICE", "PLANNED", "INTERVENTIONS", "ETAG"], p =>
        [
            p.ParticipationId, Names.Kebab(p.State), p.JointAssessmentId, p.FkOfficeId, p.AfOfficeId, Names.Date(p.PlannedDate),
            p.Interventions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Etag,
        ]);
        return ExitCodes.Ok;
    }

    private static int Show(Invocation inv, Participation p)
    {
        var fields = new List<(string, string)>
        {
            ("participation_id", p.ParticipationId),
            ("state", Names.Kebab(p.State)),
            ("joint_assessment_id", p.JointAssessmentId),
            ("referral_id", p.ReferralId),
            ("person_id", p.PersonId),
            ("fk_office_id", p.FkOfficeId),
            ("af", $"{p.AfOfficeId} / {p.AfOfficerId}"),
            ("planned_date", Names.Date(p.PlannedDate)),
        };
        if (p.StartDate is not null) fields.Add(("start_date", Names.Date(p.StartDate)));
        if (p.InsuredHoursPerWeek > 0) fields.Add(("insured_hours_per_week", Hours(p.InsuredHoursPerWeek)));
        if (p.Plan is { } plan)
            for (var g = 0; g < plan.Goals.Count; g++) fields.Add(($"goal {g}", plan.Goals[g].Description));
        foreach (var i in p.Interventions)
            fields.Add(($"intervention {i.InterventionId}", $"{Names.Kebab(i.Type)} {Names.Kebab(i.State)} decided {Names.Date(i.DecidedDate)}"
                + (i.ProviderId.Length > 0 ? $" provider {i.ProviderId}" : "")
                + (i.StartDate is not null ? $" started {Names.Date(i.StartDate)}" : "") + (i.EndDate is not null ? $" ended {Names.Date(i.EndDate)}" : "")));
        if (p.FollowUps.Count > 0) fields.Add(("follow_ups", string.Join(", ", p.FollowUps.Select(f => Names.Date(f.HeldDate)))));
        if (p.NextFollowUpDueDate is not null) fields.Add(("next_follow_up_due", Names.Date(p.NextFollowUpDueDate)));
        if (p.ClosureInitiation is { } ci)
            fields.Add(("closure_initiated", $"{Names.Date(ci.InitiatedDate)} by {string.Join(",", ci.Initiators.Select(Names.Kebab))}"));
        if (p.Closure is { } c) fields.Add(("closure", $"{Names.Kebab(c.Outcome)} {Names.Date(c.ClosedDate)}, then {Names.Kebab(c.OccupationAfterClosure)}"));
        foreach (var w in p.Warnings) fields.Add(("warning", $"{w.Rule}: {w.Description}"));
        fields.Add(("etag", p.Etag));
        fields.Add(("update_time", Names.Instant(p.UpdateTime)));
        inv.Out.Record(p, fields);
        return ExitCodes.Ok;
    }

    private static string Hours(double hours) => hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
