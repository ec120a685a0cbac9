using System.Globalization;
using System.Text;
using Rehab.Contracts.Tracking.V1;

namespace Rehab.Cli;

/// <summary><c>rehab tracking …</c>: case timelines, SGI protection, work queues and lead times (all reads).</summary>
internal static class TrackingCommands
{
    private static readonly string[] Queues = ["referrals-to-book", "sgi-at-risk"];

    public static CommandSpec[] All { get; } =
    [
        new("tracking", "timeline", "Shows a case's timeline (--referral) or every case of a person and their SGI status (--person).", [],
        [
            new("referral", "the case's referral id: its milestones (effective and recorded) and lead times so far", "referral-id"),
            new("person", "the person's id: each case with its latest milestone, and the SGI protection", "person-id"),
        ], TimelineAsync),
        new("tracking", "sgi", "Shows a person's SGI protection: status, last benefit day, deadline, days left, who is told.", ["<person-id>"], [],
            async inv => Sgi(inv, await inv.Client.Tracking.GetSgiProtectionAsync(inv.Argument(0))),
            "The platform shows a risk status; FK decides the SGI legally. Not found (exit 4) when no benefit decision has started an SGI clock."),
        new("tracking", "queue", "Lists a work queue: referrals-to-book (AF's booking queue, oldest first) or sgi-at-risk (nearest deadline first).",
            ["<queue>"],
        [
            new("in-office", "only this office: the FK office (referrals-to-book) or an office the caller serves (sgi-at-risk)", "office-id"),
            new("limit", "show at most this many (default 50); pages are fetched as needed", "n"),
        ], QueueAsync, $"<queue> is one of {string.Join(", ", Queues)}. Without --in-office the queue covers every office the caller serves."),
        new("tracking", "lead-times", "Shows aggregated lead times LT1–LT11 (count, mean, median, p90); no rows, analysts may run it.", [],
        [
            new("year", "only end events in this year (default: all years)", "yyyy"),
            new("lead-time", "only this lead time, e.g. LT5", "id", Repeatable: true),
            new("period", "year (default), quarter or month", "kind"),
            new("by", "break down by benefit, gender, office or region", "dimension", Repeatable: true),
            new("csv", "also write the rows as CSV to this file ('-' for standard output instead of the table)", "file"),
        ], LeadTimesAsync, "The period of a lead time is that of its end event's effective date; the median and p90 are by nearest rank."),
    ];

    private static async Task<int> TimelineAsync(Invocation inv)
    {
        var referral = inv.Option("referral");
        var person = inv.Option("person");
        if ((referral is null) == (person is null))
            throw new UsageException("rehab tracking timeline: give exactly one of --referral or --person");
        if (referral is not null)
        {
            CaseTimeline(inv, await inv.Client.Tracking.GetCaseTimelineAsync(referral));
            return ExitCodes.Ok;
        }

        var timeline = await inv.Client.Tracking.GetPersonTimelineAsync(person!);
        if (inv.Out.IsJson)
        {
            inv.Out.Record(timeline, []);
            return ExitCodes.Ok;
        }

        inv.Out.Table(timeline.Cases, ["REFERRAL_ID", "SICK_CASE", "FK_OFFICE", "AF_OFFICE", "LATEST_MILESTONE", "DATE"], c =>
        [
            c.ReferralId, c.SickCaseId, c.FkOfficeId, c.AfOfficeId,
            c.Milestones.Count == 0 ? "" : Names.Kebab(c.Milestones[^1].Milestone), c.Milestones.Count == 0 ? "" : Names.Date(c.Milestones[^1].EffectiveDate),
        ]);
        inv.Out.Writer.WriteLine();
        inv.Out.Writer.WriteLine(timeline.Sgi is { } sgi ? $"SGI: {SgiSummary(sgi)}" : "SGI: no benefit decision or AF registration recorded");
        return ExitCodes.Ok;
    }

    private static void CaseTimeline(Invocation inv, CaseTimeline t)
    {
        if (inv.Out.IsJson)
        {
            inv.Out.Record(t, []);
            return;
        }

        var w = inv.Out.Writer;
        w.WriteLine($"referral {t.ReferralId}  person {t.PersonId}  sick case {t.SickCaseId}  FK {t.FkOfficeId}"
                    + (t.AfOfficeId.Length > 0 ? $"  AF {t.AfOfficeId} / {t.AfOfficerId}" : "")
                    + (t.JointAssessmentId.Length > 0 ? $"  round {t.JointAssessmentId} ({t.RoundNo})" : ""));
        w.WriteLine();
        inv.Out.Table(t.Milestones, ["EFFECTIVE", "MILESTONE", "RECORDED_AT"],
            m => [Names.Date(m.EffectiveDate), Names.Kebab(m.Milestone), Names.Instant(m.RecordedAt)]);
        w.WriteLine();
        inv.Out.Table(t.LeadTimes, ["LEAD_TIME", "DAYS", "FROM", "TO", "DESCRIPTION"],
            l => [l.LeadTimeId, Int(l.Days), Names.Date(l.FromDate), Names.Date(l.EndDate), l.Description]);
    }

    private static int Sgi(Invocation inv, SgiProtection sgi)
    {
        var fields = new List<(string, string)>
        {
            ("person_id", sgi.PersonId),
            ("status", Status(sgi.Status)),
            ("last_sickness_benefit_day", Names.Date(sgi.LastSicknessBenefitDay)),
            ("sgi_deadline_date", Names.Date(sgi.SgiDeadlineDate)),
        };
        if (sgi.Status == SgiStatus.AtRisk) fields.Add(("days_left", Int(sgi.DaysLeft)));
        if (sgi.AfRegistrationDate is not null) fields.Add(("af_registration_date", Names.Date(sgi.AfRegistrationDate)));
        if (sgi.NotApplicableReason.Length > 0) fields.Add(("not_applicable_reason", sgi.NotApplicableReason));
        fields.Add(("office_id", sgi.OfficeId));
        if (sgi.OfficerId.Length > 0) fields.Add(("officer_id", sgi.OfficerId));
        fields.Add(("update_time", Names.Instant(sgi.UpdateTime)));
        inv.Out.Record(sgi, fields);
        return ExitCodes.Ok;
    }

    private static string Status(SgiStatus status) => status == SgiStatus.Unspecified ? "no-sgi-clock" : Names.Kebab(status);

    private static string SgiSummary(SgiProtection sgi) => sgi.Status switch
    {
        SgiStatus.AtRisk => $"at-risk, deadline {Names.Date(sgi.SgiDeadlineDate)} ({sgi.DaysLeft} days left), office {sgi.OfficeId}",
        SgiStatus.Protected => $"protected, registered at AF {Names.Date(sgi.AfRegistrationDate)} (deadline {Names.Date(sgi.SgiDeadlineDate)})",
        SgiStatus.PresumedLost => $"presumed-lost, deadline {Names.Date(sgi.SgiDeadlineDate)} passed",
        SgiStatus.NotApplicable => $"not-applicable ({sgi.NotApplicableReason})",
        _ => "no SGI clock",
    };

    private static async Task<int> QueueAsync(Invocation inv)
    {
        var queue = inv.Argument(0);
        var office = inv.Option("in-office");
        var limit = inv.Limit;
        var pageSize = Math.Min(limit, 100);
        switch (queue)
        {
            case "referrals-to-book":
                var referrals = await TakeAsync(inv.Client.Tracking.ListReferralsToBookAsync(office, pageSize), limit);
                inv.Out.Table(referrals, ["REFERRAL_ID", "FK_OFFICE", "SENT", "RECEIVED", "DAYS_WAITING", "PERSON_ID"], r =>
                    [r.ReferralId, r.FkOfficeId, Names.Date(r.RequestSentDate), Names.Date(r.RequestReceivedDate), Int(r.DaysWaiting), r.PersonId]);
                return ExitCodes.Ok;
            case "sgi-at-risk":
                var people = await TakeAsync(inv.Client.Tracking.ListSgiAtRiskAsync(office, pageSize), limit);
                inv.Out.Table(people, ["PERSON_ID", "DEADLINE", "DAYS_LEFT", "LAST_BENEFIT_DAY", "OFFICE", "OFFICER"], p =>
                    [p.PersonId, Names.Date(p.SgiDeadlineDate), Int(p.DaysLeft), Names.Date(p.LastSicknessBenefitDay), p.OfficeId, p.OfficerId]);
                return ExitCodes.Ok;
            default:
                throw new UsageException($"rehab tracking queue: '{queue}' is not one of {string.Join(", ", Queues)}");
        }
    }

    private static async Task<int> LeadTimesAsync(Invocation inv)
    {
        var request = new GetLeadTimeStatisticsRequest
        {
            PeriodKind = inv.Option("period") is { } p ? Names.Parse<PeriodKind>(p, "period") : PeriodKind.Year,
        };
        if (inv.Option("year") is { } yearText)
        {
            var year = inv.PositiveInt("year", yearText);
            if (year is < 1900 or > 9999) throw new UsageException($"--year: '{yearText}' is not a year");
            request.FromDate = new Google.Type.Date { Year = year, Month = 1, Day = 1 };
            request.ToDate = new Google.Type.Date { Year = year, Month = 12, Day = 31 };
        }

        request.LeadTimeIds.AddRange(inv.Many("lead-time").Select(id => id.ToUpperInvariant()));
        request.Breakdown.AddRange(inv.Many("by").Select(d => Names.Parse<Dimension>(d, "by")));
        var csv = inv.Option("csv");
        var rows = await inv.Client.Tracking.GetLeadTimeStatisticsAsync(request);

        string[] headers = ["LEAD_TIME", "PERIOD", "BENEFIT", "GENDER", "OFFICE", "REGION", "COUNT", "MEAN_DAYS", "MEDIAN_DAYS", "P90_DAYS"];
        string[] Row(LeadTimeStatistics r) =>
        [
            r.LeadTimeId, r.Period, r.BenefitBucket == BenefitBucket.Unspecified ? "" : Names.Kebab(r.BenefitBucket),
            r.Gender == Contracts.Common.V1.Gender.Unspecified ? "" : Names.Kebab(r.Gender), r.OfficeId, r.RegionId, Int(r.Count),
            r.MeanDays.ToString("0.0", CultureInfo.InvariantCulture), Int(r.MedianDays), Int(r.P90Days),
        ];
        if (csv is not null)
        {
            var text = new StringBuilder();
            text.AppendLine(string.Join(",", headers.Select(h => h.ToLowerInvariant())));
            foreach (var r in rows) text.AppendLine(string.Join(",", Row(r).Select(Csv)));
            if (csv == "-")
            {
                await inv.Out.Writer.WriteAsync(text.ToString());
                return ExitCodes.Ok;
            }

            await File.WriteAllTextAsync(csv, text.ToString());
            await inv.Err.WriteLineAsync($"rehab: wrote {rows.Count} rows to {csv}");
        }

        inv.Out.Table(rows, headers, Row);
        return ExitCodes.Ok;
    }

    private static string Csv(string cell) =>
        cell.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);

    internal static async Task<List<T>> TakeAsync<T>(IAsyncEnumerable<T> items, int limit)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
            if (list.Count == limit) break;
        }

        return list;
    }
}
