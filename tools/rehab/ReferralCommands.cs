using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Referral.V1;

namespace Rehab.Cli;

/// <summary><c>rehab referral …</c>: FK's and AF's referral steps.</summary>
internal static class ReferralCommands
{
    private const string Id = "<referral-id>";

    private static readonly OptionSpec Etag = new("etag", "act only if the referral is still at this version (from an earlier read); a stale one exits 5. "
        + "Without it the tool reads the referral first and acts on its current version", "etag");

    private static readonly OptionSpec EffectiveDate = new("effective", "the date the fact took effect: yyyy-MM-dd or today (default today, Europe/Stockholm)", "date");

    public static CommandSpec[] All { get; } =
    [
        new("referral", "create", "FK records an identified rehabilitation need: opens a referral.", [],
        [
            new("identity-number", "the person's personnummer or samordningsnummer; '-' reads it from standard input (never printed)", "number"),
            new("sick-case", "FK's sick case id", "id"),
            new("sick-case-start", "the sick case's first day", "date"),
            new("benefit", $"a benefit type: {string.Join(", ", Names.Values<BenefitType>())}", "type", Repeatable: true),
            new("gender", "woman or man (default unspecified)", "gender"),
            new("fk-office", "the FK office handling the case (default: the first --office)", "office-id"),
            new("impulse", $"where the impulse came from: {string.Join(", ", Names.Values<ImpulseSource>())} (default fk)", "source"),
            new("has-employer", "the person has an employer"),
            EffectiveDate,
            new("request-id", "idempotency key: a repeated create with the same id returns the first referral (default: a new id)", "id"),
        ], CreateAsync),
        new("referral", "get", "Shows a referral.", [Id], [], async inv => Show(inv, await inv.Client.Referrals.GetAsync(inv.Argument(0)))),
        new("referral", "list", "Lists referrals the caller may see, newest first.", [],
        [
            new("state", $"only this state: {string.Join(", ", Names.Values<ReferralState>())}", "state"),
            new("in-office", "only this FK office or booked AF office", "office-id"),
            new("benefit", "only referrals with this benefit type", "type"),
            new("from", "need identified on or after this date", "date"),
            new("to", "need identified on or before this date", "date"),
            new("limit", "show at most this many (default 50); pages are fetched as needed", "n"),
        ], ListAsync),
        new("referral", "assess", "FK documents that cooperation is likely relevant: starts preparation.", [Id], [Etag, EffectiveDate],
            inv => StepAsync(inv, (current, date) => inv.Client.Referrals.AssessRelevanceAsync(current, date))),
        new("referral", "contact", "FK records a personal preparatory contact.", [Id],
        [
            new("type", $"the contact: {string.Join(", ", Names.Values<PreparatoryContactType>())}", "type"), Etag, EffectiveDate,
        ], inv =>
        {
            var type = Names.Parse<PreparatoryContactType>(inv.Required("type"), "type");
            return StepAsync(inv, (current, date) => inv.Client.Referrals.RecordPreparatoryContactAsync(current, date, type));
        }),
        new("referral", "consent", "FK asks for consent (--decision requested) or records the individual's answer on their behalf.", [Id],
        [
            new("decision", "requested, given, refused or withdrawn", "decision"),
            new("channel", $"how the answer was conveyed: {string.Join(", ", Names.Values<Channel>())}", "channel"),
            Etag, EffectiveDate,
        ], ConsentAsync),
        new("referral", "send", "FK sends the request for a joint assessment to AF.", [Id], [Etag, EffectiveDate],
            inv => StepAsync(inv, (current, date) => inv.Client.Referrals.SendAsync(current, date))),
        new("referral", "receive", "AF receives the request.", [Id], [Etag, EffectiveDate],
            inv => StepAsync(inv, (current, date) => inv.Client.Referrals.ReceiveAsync(current, date))),
        new("referral", "book", "AF books the first joint-assessment meeting: the referral is converted.", [Id],
        [
            new("meeting-at", "the meeting's start, e.g. 2025-03-14T10:00 (Swedish time) or with an offset", "date-time"),
            new("af-office", "the AF office (the caller must serve it)", "office-id"),
            new("af-officer", "the AF officer who holds the meeting (default: --subject)", "user-id"),
            Etag, EffectiveDate,
        ], BookAsync),
        new("referral", "withdraw", "FK withdraws the referral.", [Id],
        [
            new("reason", $"why: {string.Join(", ", Names.Values<WithdrawalReason>())}", "reason"),
            new("on-behalf", "withdrawn on the individual's behalf (then --channel is required)"),
            new("channel", $"how the individual conveyed it: {string.Join(", ", Names.Values<Channel>())}", "channel"),
            Etag, EffectiveDate,
        ], inv =>
        {
            var reason = Names.Parse<WithdrawalReason>(inv.Required("reason"), "reason");
            var channel = inv.Option("channel") is { } c ? Names.Parse<Channel>(c, "channel") : Channel.Unspecified;
            return StepAsync(inv, (current, date) => inv.Client.Referrals.WithdrawAsync(current, date, reason, inv.Flag("on-behalf"), channel));
        }),
    ];

    private static async Task<int> CreateAsync(Invocation inv)
    {
        var request = new CreateReferralRequest
        {
            RequestId = inv.Option("request-id") ?? "",
            IdentityNumber = inv.FromStdinIfDash(inv.Required("identity-number")),
            SickCaseId = inv.Required("sick-case"),
            SickCaseStartDate = (inv.DateOption("sick-case-start") ?? throw new UsageException("rehab referral create: --sick-case-start is required")).ToProto(),
            Gender = inv.Option("gender") is { } g ? Names.Parse<Gender>(g, "gender") : Gender.Unspecified,
            FkOfficeId = inv.Option("fk-office") ?? (inv.Many("office") is [var first, ..] ? first : null)
                ?? throw new UsageException("rehab referral create: --fk-office is required"),
            ImpulseSource = Names.Parse<ImpulseSource>(inv.Option("impulse") ?? "fk", "impulse"),
            HasEmployer = inv.Flag("has-employer"),
            EffectiveDate = inv.Effective.ToProto(),
        };
        request.BenefitTypes.AddRange(inv.Many("benefit").Select(b => Names.Parse<BenefitType>(b, "benefit")));
        return Show(inv, await inv.Client.Referrals.CreateAsync(request));
    }

    private static async Task<int> ListAsync(Invocation inv)
    {
        var filter = new ListReferralsRequest
        {
            State = inv.Option("state") is { } s ? Names.Parse<ReferralState>(s, "state") : ReferralState.Unspecified,
            OfficeId = inv.Option("in-office") ?? "",
            BenefitType = inv.Option("benefit") is { } b ? Names.Parse<BenefitType>(b, "benefit") : BenefitType.Unspecified,
            FromDate = inv.DateOption("from") is { } from ? from.ToProto() : null,
            ToDate = inv.DateOption("to") is { } to ? to.ToProto() : null,
        };
        var limit = inv.Option("limit") is { } l ? inv.PositiveInt("limit", l) : 50;
        filter.PageSize = Math.Min(limit, 100);
        var referrals = new List<Referral>();
        await foreach (var r in inv.Client.Referrals.ListAllAsync(filter))
        {
            referrals.Add(r);
            if (referrals.Count == limit) break;
        }

        inv.Out.Table(referrals, ["REFERRAL_ID", "STATE", "FK_OFFICE", "SICK_CASE", "NEED_IDENTIFIED", "ETAG"], r =>
            [r.ReferralId, Names.Kebab(r.State), r.FkOfficeId, r.SickCaseId, Names.Date(r.NeedIdentifiedDate), r.Etag]);
        return ExitCodes.Ok;
    }

    private static Task<int> ConsentAsync(Invocation inv)
    {
        var decision = inv.Required("decision");
        if (decision == "requested") return StepAsync(inv, (current, date) => inv.Client.Referrals.RequestConsentAsync(current, date));
        var state = decision is "given" or "refused" or "withdrawn"
            ? Names.Parse<ConsentState>(decision, "decision")
            : throw new UsageException($"--decision: '{decision}' is not one of requested, given, refused, withdrawn");
        var channel = Names.Parse<Channel>(inv.Option("channel") ?? "in-person", "channel");
        return StepAsync(inv, (current, date) => inv.Client.Referrals.RecordConsentDecisionAsync(current, date, state, channel));
    }

    private static Task<int> BookAsync(Invocation inv)
    {
        var meetingAt = inv.InstantOption("meeting-at");
        var office = inv.Required("af-office");
        var officer = inv.Option("af-officer") ?? inv.DevCaller()?.Subject
            ?? throw new UsageException("rehab referral book: --af-officer is required");
        return StepAsync(inv, (current, date) => inv.Client.Referrals.BookAsync(current, date, meetingAt, office, officer));
    }

    /// <summary>
    /// A state change on the version to act on: the one named by --etag, else the referral as it is now. Options are read
    /// before this, so a malformed command line never reaches the platform.
    /// </summary>
    private static async Task<int> StepAsync(Invocation inv, Func<Referral, DateOnly, Task<Referral>> step)
    {
        var date = inv.Effective;
        var current = inv.Option("etag") is { } etag
            ? new Referral { ReferralId = inv.Argument(0), Etag = etag }
            : await inv.Client.Referrals.GetAsync(inv.Argument(0));
        return Show(inv, await step(current, date));
    }

    private static int Show(Invocation inv, Referral r)
    {
        var fields = new List<(string, string)>
        {
            ("referral_id", r.ReferralId),
            ("state", Names.Kebab(r.State)),
            ("person_id", r.PersonId),
            ("fk_office_id", r.FkOfficeId),
            ("sick_case_id", r.SickCaseId),
            ("sick_case_start_date", Names.Date(r.SickCaseStartDate)),
            ("benefit_types", string.Join(",", r.BenefitTypes.Select(Names.Kebab))),
            ("need_identified_date", Names.Date(r.NeedIdentifiedDate)),
        };
        if (r.Consent is { State: not ConsentState.Unspecified } consent) fields.Add(("consent", Names.Kebab(consent.State)));
        if (r.RequestSentDate is not null) fields.Add(("request_sent_date", Names.Date(r.RequestSentDate)));
        if (r.RequestReceivedDate is not null) fields.Add(("request_received_date", Names.Date(r.RequestReceivedDate)));
        if (r.Booking is { } b)
            fields.Add(("booking", $"{Names.Instant(b.MeetingAt)} at {b.AfOfficeId} with {b.AfOfficerId} (booked {Names.Date(b.BookedDate)})"));
        if (r.WithdrawalReason != WithdrawalReason.Unspecified) fields.Add(("withdrawal_reason", Names.Kebab(r.WithdrawalReason)));
        if (r.RejectionReason != RejectionReason.Unspecified) fields.Add(("rejection_reason", Names.Kebab(r.RejectionReason)));
        if (r.ClosedDate is not null) fields.Add(("closed_date", Names.Date(r.ClosedDate)));
        fields.Add(("etag", r.Etag));
        fields.Add(("update_time", Names.Instant(r.UpdateTime)));
        inv.Out.Record(r, fields);
        return ExitCodes.Ok;
    }
}
