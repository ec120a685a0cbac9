using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Rehab.Reporting.Domain;
using Rehab.Reporting.Inputs;
using Common = Rehab.Contracts.Common.V1;
using Facts = Rehab.Contracts.Facts.V1;
using Interventions = Rehab.Contracts.Interventions.V1;
using JointAssessment = Rehab.Contracts.JointAssessment.V1;
using Transition = Rehab.Contracts.Transition.V1;

namespace Rehab.Population;

/// <summary>
/// The generated history: contract events as the services would log them (each with its recorded time), the fact records the
/// facts import would receive, and the genders of people no event describes (see <see cref="PersonGenders"/>).
/// </summary>
public sealed record GeneratedPopulation(IReadOnlyList<ContractEvent> Events, IReadOnlyList<Facts.FactRecord> FactRecords,
    IReadOnlyList<(string PersonId, Common.Gender Gender)> PersonGenders)
{
    /// <summary>Published cells no population can reproduce (internal inconsistencies of the source), as the generator found them.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    /// <summary>The history as the platform's import paths take it (the loader's input); the events above are derived from the same steps.</summary>
    public PopulationHistory History { get; init; } = new([], [], [], []);

    /// <summary>
    /// Refused people without a case or meeting appear in no event that states a gender, yet Tabell 4's K/M shares need it. Until
    /// the person registry publishes gender (derivable from the identity number), the generator hands it over here.
    /// </summary>
    public IEnumerable<ReportInput> GenderInputs(DateTimeOffset recordedAt) =>
        PersonGenders.Select(p => new PersonGenderStated(p.PersonId, (Rehab.BuildingBlocks.Domain.Gender)p.Gender, DateOnly.FromDateTime(recordedAt.UtcDateTime), recordedAt));
}

/// <summary>
/// A deterministic (seeded) synthetic population whose tables reproduce every published cell of 000 Tabell 1–5 for 2023–2025.
/// How: for each year, K/M cell and row the published figure fixes a count and a rounded mean or share; <see cref="Solver"/>
/// picks integer day sums, numerators and denominators whose K, M and T values all round to the published ones (a mean's day
/// sum is n·mean when T allows it, so most means are exact); then each case is laid out with dates that give those numbers.
/// The seed only moves dates and the spread of day counts, never a table cell.
/// </summary>
public sealed class PopulationGenerator(int seed = 20260323)
{
    /// <summary>The instant the published figures are taken as of [INF] (the report is dated 2026-03-23); every event is recorded before it.</summary>
    public static readonly DateTimeOffset ReportAsOf = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Random _rng = new(seed);

    // Its own sequence, so the occupations never move a date or a day count the 000 tables rest on.
    private readonly Random _occupationRng = new(seed ^ 0x3003);
    private readonly List<ContractEvent> _events = [];
    private readonly List<Facts.FactRecord> _facts = [];
    private readonly List<(string, Common.Gender)> _genders = [];
    private readonly List<string> _findings = [];
    private readonly List<GeneratedPerson> _persons = [];
    private readonly List<RoundHistory> _rounds = [];
    private readonly List<Interventions.ParticipationHistoryRecord> _participations = [];
    private readonly Dictionary<string, Interventions.ParticipationHistoryRecord> _participationById = [];
    private readonly List<MeetingHistory> _meetings = [];
    private readonly Dictionary<(Bucket, Common.Gender), Queue<(string Id, string Person, DateOnly Start)>> _open = [];
    private int _next;

    private enum Bucket { Ae, Sp, Other }

    private static readonly Common.Gender[] Genders = [Common.Gender.Woman, Common.Gender.Man];

    public GeneratedPopulation Generate()
    {
        foreach (var year in PublishedTables.Years)
        {
            GenerateAssessments(year);
            GenerateClosures(year);
            GenerateTransitionMeetings(year);
        }
        return new GeneratedPopulation(_events, _facts, _genders)
        {
            Findings = _findings, History = new PopulationHistory(_persons, _rounds, _participations, _meetings),
        };
    }

    // Tabell 1 and 2: one case per counted GK; AE, SP and "other" (sickness compensation: the total's other benefits) cases.
    private void GenerateAssessments(int year)
    {
        int N(string row, Column c) => PublishedTables.Int(1, row, year, c);
        (int K, int M) Sums(string countRow, string meanRow) => Solver.PairOrInconsistent(
            Solver.MeanSums(N(countRow, Column.K), N(meanRow, Column.K)), Solver.MeanSums(N(countRow, Column.M), N(meanRow, Column.M)),
            (k, m) => Solver.RoundsTo(k + m, N(countRow, Column.T), N(meanRow, Column.T), 0, 1m), $"Tabell 1 {meanRow} {year}", _findings);
        var ae = Sums(Rows.AeCount, Rows.AeMeanDays);
        var sp = Sums(Rows.SpCount, Rows.SpMeanDays);
        var total = Sums(Rows.TotalCount, Rows.TotalMeanDays);

        decimal Share(string row, Column c) => PublishedTables.Value(2, row, year, c);
        (int K, int M) Numerators(string row, int dK, int dM) => Solver.Pair(Solver.ShareNumerators(dK, Share(row, Column.K), 0),
            Solver.ShareNumerators(dM, Share(row, Column.M), 0), (k, m) => Solver.RoundsTo(k + m, dK + dM, Share(row, Column.T), 0, 100m), $"Tabell 2 {row} {year}");
        var aeN = (K: N(Rows.AeCount, Column.K), M: N(Rows.AeCount, Column.M));
        var spN = (K: N(Rows.SpCount, Column.K), M: N(Rows.SpCount, Column.M));
        var totN = (K: N(Rows.TotalCount, Column.K), M: N(Rows.TotalCount, Column.M));
        var otherN = (K: totN.K - aeN.K - spN.K, M: totN.M - aeN.M - spN.M);
        var aeTo = Numerators(Rows.AeShare, aeN.K, aeN.M);
        var spTo = Numerators(Rows.SpShare, spN.K, spN.M);
        var otherTo = Solver.Pair(
            Solver.ShareNumerators(totN.K, Share(Rows.TotalShare, Column.K), 0).Select(x => x - aeTo.K - spTo.K).Where(x => x >= 0 && x <= otherN.K),
            [.. Solver.ShareNumerators(totN.M, Share(Rows.TotalShare, Column.M), 0).Select(x => x - aeTo.M - spTo.M).Where(x => x >= 0 && x <= otherN.M)],
            (k, m) => Solver.RoundsTo(k + m + aeTo.K + aeTo.M + spTo.K + spTo.M, totN.K + totN.M, Share(Rows.TotalShare, Column.T), 0, 100m),
            $"Tabell 2 total {year}");

        for (var g = 0; g < 2; g++)
        {
            var gender = Genders[g];
            var (aeSum, spSum, totSum) = g == 0 ? (ae.K, sp.K, total.K) : (ae.M, sp.M, total.M);
            var (aeCount, spCount, otherCount) = g == 0 ? (aeN.K, spN.K, otherN.K) : (aeN.M, spN.M, otherN.M);
            var (aeInt, spInt, otherInt) = g == 0 ? (aeTo.K, spTo.K, otherTo.K) : (aeTo.M, spTo.M, otherTo.M);
            var otherSum = totSum - aeSum - spSum;
            if (otherCount <= 0 || otherSum < otherCount * 30) throw new InvalidOperationException($"Tabell 1 {year}: no room for other benefits");
            Cases(year, Bucket.Ae, gender, Spread(aeCount, aeSum), aeInt);
            Cases(year, Bucket.Sp, gender, Spread(spCount, spSum), spInt);
            Cases(year, Bucket.Other, gender, Spread(otherCount, otherSum), otherInt);
        }
    }

    /// <summary>n day counts ≥ 30 with exactly the given sum: the even split, then pairs moved apart by equal and opposite amounts.</summary>
    private List<int> Spread(int n, long sum)
    {
        var values = Enumerable.Range(0, n).Select(i => (int)(sum / n) + (i < sum % n ? 1 : 0)).ToList();
        for (var i = 0; i + 1 < n; i += 2)
        {
            var d = _rng.Next(0, Math.Max(1, Math.Min(values[i], values[i + 1]) - 30));
            d = Math.Min(d, 400);
            values[i] += d;
            values[i + 1] -= d;
        }
        return values;
    }

    private void Cases(int year, Bucket bucket, Common.Gender gender, List<int> daysToGk, int toIntervention)
    {
        for (var i = 0; i < daysToGk.Count; i++)
        {
            var gk = new DateOnly(year, 1, 5).AddDays(_rng.Next(0, 300));
            Case(bucket, gender, gk, daysToGk[i], i < toIntervention);
        }
    }

    /// <summary>One person's case: the benefit period (and sick case) the GK is measured from, the round, and maybe a participation.</summary>
    private (string Person, string? Participation, DateOnly? Start) Case(Bucket bucket, Common.Gender gender, DateOnly gk, int days, bool toIntervention)
    {
        var person = Person(gender);
        var sickCase = Id("sc");
        var from = gk.AddDays(-days);
        var benefit = bucket switch
        {
            Bucket.Ae => Common.BenefitType.ActivityCompensation,
            Bucket.Sp => Common.BenefitType.SicknessBenefit,
            _ => Common.BenefitType.SicknessCompensation,
        };
        Fact(person, from, new Facts.FactRecord { SickCase = new Facts.SickCase { SickCaseId = sickCase, StartDate = D(from) } });
        Fact(person, from, new Facts.FactRecord { BenefitPeriod = new Facts.BenefitPeriod { BenefitPeriodId = Id("bp"), BenefitType = benefit, StartDate = D(from), SickCaseId = sickCase } });

        var round = Id("ja");
        var firstMeeting = Id("m");
        var openedAt = Emit(gk.AddDays(-10), new JointAssessment.JointAssessmentOpened
        {
            JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk.AddDays(-10)), SickCaseId = sickCase, RoundNo = 1,
            BenefitTypes = { benefit }, Gender = gender,
        });
        var heldAt = Emit(gk, new JointAssessment.MeetingHeld { JointAssessmentId = round, PersonId = person, EffectiveDate = D(gk), MeetingId = firstMeeting, FirstMeeting = true });
        var concluded = gk.AddDays(_rng.Next(14, 50));
        var concludedAt = Emit(concluded, new JointAssessment.JointAssessmentConcluded
        {
            JointAssessmentId = round, PersonId = person, EffectiveDate = D(concluded), SickCaseId = sickCase, RoundNo = 1, FirstMeetingDate = D(gk),
            Conclusion = toIntervention ? JointAssessment.Conclusion.PlanAgreed : JointAssessment.Conclusion.NotProceeding,
        });
        _rounds.Add(new RoundHistory(round, person, sickCase, 1, gender, benefit, gk.AddDays(-10), firstMeeting, gk, concluded, toIntervention)
        {
            OpenedRecordedAt = openedAt, FirstMeetingRecordedAt = heldAt, ConcludedRecordedAt = concludedAt,
        });
        if (!toIntervention) return (person, null, null);

        var participation = Id("pa");
        var start = concluded.AddDays(_rng.Next(5, 30));
        var plannedAt = Emit(concluded, new Interventions.ParticipationPlanned
        {
            ParticipationId = participation, PersonId = person, EffectiveDate = D(concluded), JointAssessmentId = round, SickCaseId = sickCase,
            RoundNo = 1, BenefitTypes = { benefit }, Gender = gender, PlanVersion = 1,
        });
        var startedAt = Emit(start, new Interventions.ParticipationStarted { ParticipationId = participation, PersonId = person, EffectiveDate = D(start), StartDate = D(start) });
        var history = new Interventions.ParticipationHistoryRecord
        {
            HistoryId = participation, PersonId = person, JointAssessmentId = round, RoundNo = 1, SickCaseId = sickCase, Gender = gender,
            BenefitTypes = { benefit }, FkOfficeId = FkOffice, AfOfficeId = AfOffice, PlannedDate = D(concluded), ActivityHoursPerWeek = 10,
            StartDate = D(start), InsuredHoursPerWeek = 40,
            PlannedRecordedAt = Timestamp.FromDateTimeOffset(plannedAt), StartedRecordedAt = Timestamp.FromDateTimeOffset(startedAt),
        };
        _participations.Add(history);
        _participationById[participation] = history;
        Pool(bucket, gender).Enqueue((participation, person, start));
        return (person, participation, start);
    }

    private Queue<(string Id, string Person, DateOnly Start)> Pool(Bucket bucket, Common.Gender gender) =>
        _open.TryGetValue((bucket, gender), out var q) ? q : _open[(bucket, gender)] = new();

    // Tabell 3: closures in the year from open participations (oldest first), with background cases from 2022 when short.
    private void GenerateClosures(int year)
    {
        int P(string bucket, string outcome, Column c) => PublishedTables.Int(3, Rows.Tabell3(bucket, outcome, "count"), year, c);
        decimal S(string bucket, string outcome, Column c) => PublishedTables.Value(3, Rows.Tabell3(bucket, outcome, "share"), year, c);
        var counts = new Dictionary<(Bucket, int), (int A, int R)>();
        foreach (var (b, name) in new[] { (Bucket.Ae, "AE"), (Bucket.Sp, "SP") })
            for (var g = 0; g < 2; g++)
                counts[(b, g)] = (P(name, Rows.Achieved, (Column)g), P(name, Rows.Remains, (Column)g));
        for (var g = 0; g < 2; g++)
            counts[(Bucket.Other, g)] = (P("Total", Rows.Achieved, (Column)g) - counts[(Bucket.Ae, g)].A - counts[(Bucket.Sp, g)].A,
                P("Total", Rows.Remains, (Column)g) - counts[(Bucket.Ae, g)].R - counts[(Bucket.Sp, g)].R);

        // Unknown outcomes: whatever the shares allow; §9.3 says 2023 had 20 AE and 118 SP closures without an outcome, none after.
        bool Fits(string name, int a, int r, int u, Column c) =>
            Solver.RoundsTo(a, a + r + u, S(name, Rows.Achieved, c), 0, 100m) && Solver.RoundsTo(r, a + r + u, S(name, Rows.Remains, c), 0, 100m);
        (int K, int M) Unknowns(Bucket b, string name, int? preferredSum, Func<int, int, bool> total)
        {
            var (k, m) = (counts[(b, 0)], counts[(b, 1)]);
            var ks = Enumerable.Range(0, 300).Where(u => name == "Total" || Fits(name, k.A, k.R, u, Column.K)).ToList();
            var ms = Enumerable.Range(0, 300).Where(u => name == "Total" || Fits(name, m.A, m.R, u, Column.M)).ToList();
            try { return Solver.Pair(ks, ms, (x, y) => (preferredSum is null || x + y == preferredSum) && total(x, y), $"Tabell 3 {name} {year}"); }
            catch (InvalidOperationException) when (preferredSum is not null) { return Solver.Pair(ks, ms, total, $"Tabell 3 {name} {year}"); }
        }
        (int, int) Tot(Bucket b) => (counts[(b, 0)].A + counts[(b, 1)].A, counts[(b, 0)].R + counts[(b, 1)].R);
        var ae = Unknowns(Bucket.Ae, "AE", year == 2023 ? 20 : 0, (x, y) => { var (a, r) = Tot(Bucket.Ae); return Fits("AE", a, r, x + y, Column.T); });
        var sp = Unknowns(Bucket.Sp, "SP", year == 2023 ? 118 : 0, (x, y) => { var (a, r) = Tot(Bucket.Sp); return Fits("SP", a, r, x + y, Column.T); });
        int All(int g, Func<(int A, int R), int> f) => f(counts[(Bucket.Ae, g)]) + f(counts[(Bucket.Sp, g)]) + f(counts[(Bucket.Other, g)]);
        var other = Unknowns(Bucket.Other, "Total", year == 2023 ? null : 0, (x, y) =>
            Fits("Total", All(0, c => c.A), All(0, c => c.R), ae.K + sp.K + x, Column.K)
            && Fits("Total", All(1, c => c.A), All(1, c => c.R), ae.M + sp.M + y, Column.M)
            && Fits("Total", All(0, c => c.A) + All(1, c => c.A), All(0, c => c.R) + All(1, c => c.R), ae.K + sp.K + x + ae.M + sp.M + y, Column.T));

        foreach (var (b, unknown) in new[] { (Bucket.Ae, ae), (Bucket.Sp, sp), (Bucket.Other, other) })
            for (var g = 0; g < 2; g++)
            {
                var (a, r) = counts[(b, g)];
                if (a < 0 || r < 0) throw new InvalidOperationException($"Tabell 3 {year}: negative other-benefit count");
                var outcomes = Enumerable.Repeat(Interventions.Outcome.WorkCapacityAchieved, a)
                    .Concat(Enumerable.Repeat(Interventions.Outcome.RemainsInSicknessInsurance, r))
                    .Concat(Enumerable.Repeat(Interventions.Outcome.Unknown, g == 0 ? unknown.K : unknown.M));
                foreach (var outcome in outcomes) Close(year, b, Genders[g], outcome);
            }
    }

    private void Close(int year, Bucket bucket, Common.Gender gender, Interventions.Outcome outcome)
    {
        var pool = Pool(bucket, gender);
        var latestStart = new DateOnly(year, 9, 30);
        var (id, person, start) = pool.Count > 0 && pool.Peek().Start <= latestStart ? pool.Dequeue() : Background(bucket, gender);
        var from = start.AddDays(30) > new DateOnly(year, 1, 2) ? start.AddDays(30) : new DateOnly(year, 1, 2);
        var closed = from.AddDays(_rng.Next(0, new DateOnly(year, 12, 20).DayNumber - from.DayNumber + 1));
        var occupation = outcome == Interventions.Outcome.WorkCapacityAchieved ? Occupation(bucket) : Interventions.OccupationAfterClosure.Unspecified;
        var closedAt = Emit(closed, new Interventions.ParticipationClosed
        {
            ParticipationId = id, PersonId = person, EffectiveDate = D(closed), Outcome = outcome, StartDate = D(start), Gender = gender,
            BenefitTypeAtClosure = bucket switch
            {
                Bucket.Ae => Common.BenefitType.ActivityCompensation,
                Bucket.Sp => Common.BenefitType.SicknessBenefit,
                _ => Common.BenefitType.SicknessCompensation,
            },
            OccupationAfterClosure = occupation,
            UnknownOutcomeReason = outcome == Interventions.Outcome.Unknown ? Interventions.UnknownOutcomeReason.LostContact : Interventions.UnknownOutcomeReason.Unspecified,
        });
        _participationById[id].Closure = new Interventions.ParticipationClosureHistory
        {
            Initiators = { Interventions.ClosureInitiator.Af }, ClosedDate = D(closed), Outcome = outcome,
            ClosedRecordedAt = Timestamp.FromDateTimeOffset(closedAt),
            ClosureReasons = { Interventions.ClosureReason.ActionPlanGoalAchieved },
            BenefitTypeAtClosure = bucket switch
            {
                Bucket.Ae => Common.BenefitType.ActivityCompensation,
                Bucket.Sp => Common.BenefitType.SicknessBenefit,
                _ => Common.BenefitType.SicknessCompensation,
            },
            OccupationAfterClosure = occupation,
            UnknownOutcomeReason = outcome == Interventions.Outcome.Unknown ? Interventions.UnknownOutcomeReason.LostContact : Interventions.UnknownOutcomeReason.Unspecified,
        };
    }

    /// <summary>
    /// The occupation after an achieved closure, drawn to the shares the 2025 report states for Figures 1–2 (DOMAIN §7 M5: SP about
    /// 28 % subsidised and 22 % unsubsidised employment, 9 % studies; AE 52 % and 12 %, 20 % studies); the rest of each
    /// distribution (AF programme, open job seeker, other) is not published and is spread here [INF].
    /// </summary>
    private Interventions.OccupationAfterClosure Occupation(Bucket bucket)
    {
        (Interventions.OccupationAfterClosure Occupation, int Percent)[] shares = bucket == Bucket.Ae
            ?
            [
                (Interventions.OccupationAfterClosure.EmploymentSubsidised, 44), (Interventions.OccupationAfterClosure.SamhallEmployment, 8),
                (Interventions.OccupationAfterClosure.EmploymentUnsubsidised, 12), (Interventions.OccupationAfterClosure.RegularStudies, 20),
                (Interventions.OccupationAfterClosure.AfProgramme, 8), (Interventions.OccupationAfterClosure.OpenJobSeeker, 6),
                (Interventions.OccupationAfterClosure.WorkLifeIntroduction, 2),
            ]
            :
            [
                (Interventions.OccupationAfterClosure.EmploymentSubsidised, 25), (Interventions.OccupationAfterClosure.SamhallEmployment, 3),
                (Interventions.OccupationAfterClosure.EmploymentUnsubsidised, 20), (Interventions.OccupationAfterClosure.SelfEmployed, 2),
                (Interventions.OccupationAfterClosure.RegularStudies, 9), (Interventions.OccupationAfterClosure.AfProgramme, 14),
                (Interventions.OccupationAfterClosure.LabourMarketTraining, 4), (Interventions.OccupationAfterClosure.OpenJobSeeker, 20),
                (Interventions.OccupationAfterClosure.WorkLifeIntroduction, 3),
            ];
        var draw = _occupationRng.Next(0, 100);
        foreach (var (occupation, percent) in shares)
        {
            if (draw < percent) return occupation;
            draw -= percent;
        }

        return Interventions.OccupationAfterClosure.OpenJobSeeker;
    }

    /// <summary>A case from 2022 (outside every published year) whose participation closes in a published year.</summary>
    private (string, string, DateOnly) Background(Bucket bucket, Common.Gender gender)
    {
        var (person, participation, start) = Case(bucket, gender, new DateOnly(2022, 2, 1).AddDays(_rng.Next(0, 200)), 200 + _rng.Next(0, 600), true);
        var pool = Pool(bucket, gender);
        var last = pool.Last();
        _open[(bucket, gender)] = new Queue<(string, string, DateOnly)>(pool.Where(p => p.Id != last.Id));
        return (participation!, person, start!.Value);
    }

    // Tabell 4 and 5: meetings held in the year; the refused population from the facts feed; AF registration spells.
    private void GenerateTransitionMeetings(int year)
    {
        int C(string row, Column c) => PublishedTables.Int(4, row, year, c);
        decimal S(int table, string row, Column c) => PublishedTables.Value(table, row, year, c);
        foreach (var ae in new[] { true, false })
        {
            var (meetingsRow, shareRow, registeredRow) = ae
                ? (Rows.AeTransitionMeetings, Rows.AeRefusedAttendingShare, Rows.AeRegisteredShare)
                : (Rows.SpTransitionMeetings, Rows.SpRefusedAttendingShare, Rows.SpRegisteredShare);
            var (nK, nM) = (C(meetingsRow, Column.K), C(meetingsRow, Column.M));
            var refused = Solver.Pair(Solver.ShareDenominators(nK, S(4, shareRow, Column.K), 1), Solver.ShareDenominators(nM, S(4, shareRow, Column.M), 1),
                (k, m) => Solver.RoundsTo(nK + nM, k + m, S(4, shareRow, Column.T), 1, 100m), $"Tabell 4 {shareRow} {year}");
            var registered = Solver.Pair(Solver.ShareNumerators(nK, S(5, registeredRow, Column.K), 1), Solver.ShareNumerators(nM, S(5, registeredRow, Column.M), 1),
                (k, m) => Solver.RoundsTo(k + m, nK + nM, S(5, registeredRow, Column.T), 1, 100m), $"Tabell 5 {registeredRow} {year}");
            for (var g = 0; g < 2; g++)
            {
                var (n, d, r) = g == 0 ? (nK, refused.K, registered.K) : (nM, refused.M, registered.M);
                for (var i = 0; i < d; i++) Refused(year, ae, Genders[g], attends: i < n, registers: i < r);
                if (!ae)
                    for (var i = 0; i < d / 20; i++) Refused(year, false, Genders[g], attends: false, registers: false, beforeDay180: true);
            }
        }
        for (var g = 0; g < 2; g++)
            for (var i = 0; i < C(Rows.SpContactMeetings, (Column)g); i++)
            {
                var person = Person(Genders[g]);
                var held = new DateOnly(year, 1, 3).AddDays(_rng.Next(0, 350));
                Meeting(held, person, Transition.MeetingType.ContactMeeting, Common.BenefitType.SicknessBenefit, Genders[g]);
            }
    }

    /// <summary>A refused person: the refusal (facts), maybe the omställningsmöte they attended, maybe an AF registration after it.</summary>
    private void Refused(int year, bool ae, Common.Gender gender, bool attends, bool registers, bool beforeDay180 = false)
    {
        var person = Person(gender);
        var benefit = ae ? Common.BenefitType.ActivityCompensation : Common.BenefitType.SicknessBenefit;
        var decided = new DateOnly(year, 3, 5).AddDays(_rng.Next(0, 250));
        var noChain = !ae && !beforeDay180 && _rng.Next(20) == 0;
        var refusal = new Facts.FactRecord
        {
            BenefitDecision = new Facts.BenefitDecision
            {
                BenefitDecisionId = Id("bd"), Kind = Facts.DecisionKind.Refusal, DecisionDate = D(decided), BenefitType = benefit, LastBenefitDay = D(decided),
                RehabChainDay = ae || noChain ? 0 : beforeDay180 ? 60 + _rng.Next(0, 110) : 180 + _rng.Next(0, 300),
                EmploymentStatus = ae ? Facts.EmploymentStatus.Other : noChain ? Facts.EmploymentStatus.Unemployed : Facts.EmploymentStatus.Employed,
            },
        };
        Fact(person, decided, refusal);
        if (!attends) { _genders.Add((person, gender)); return; }
        // D12: SP meetings before the decision (FK is considering it), AE meetings at the refusal.
        var held = ae ? decided.AddDays(_rng.Next(3, 40)) : decided.AddDays(-_rng.Next(10, 60));
        Meeting(held, person, Transition.MeetingType.TransitionMeeting, benefit, gender, refusal);
        if (registers)
            Spell(person, held.AddDays(_rng.Next(0, 60)));
        else if (_rng.Next(3) == 0)
            Spell(person, held.AddDays(120 + _rng.Next(0, 100))); // registered, but outside the window: not counted
    }

    private void Spell(string person, DateOnly registered) =>
        Fact(person, registered, new Facts.FactRecord
        {
            RegistrationSpell = new Facts.AfRegistrationSpell
            {
                RegistrationSpellId = Id("rs"), RegistrationDate = D(registered), RegistrationStatus = Facts.RegistrationStatus.OpenlyUnemployed,
            },
        });

    private void Meeting(DateOnly held, string person, Transition.MeetingType type, Common.BenefitType benefit, Common.Gender gender, Facts.FactRecord? refusal = null)
    {
        var id = Id("tm");
        var heldAt = Emit(held, new Transition.MeetingHeld { Meeting = MeetingFactsOf(id, person, type, benefit, gender), EffectiveDate = D(held) });
        _meetings.Add(new MeetingHistory(id, person, type, benefit, gender, held, refusal) { HeldRecordedAt = heldAt });
    }

    private string Person(Common.Gender gender)
    {
        var key = Id("p");
        _persons.Add(new GeneratedPerson(key, gender, PersonNumbers.Synthetic(_persons.Count, gender)));
        return key;
    }

    /// <summary>The offices every generated case belongs to (the platform reaches a participation through its offices, D3).</summary>
    public const string FkOffice = "fk-office-1";

    public const string AfOffice = "af-office-1";

    /// <summary>The AF officer of every generated round (a round is booked to an officer at an office).</summary>
    public const string AfOfficer = "af-officer-1";

    private static Transition.MeetingFacts MeetingFactsOf(string id, string person, Transition.MeetingType type, Common.BenefitType benefit, Common.Gender gender) =>
        new() { MeetingId = id, PersonId = person, MeetingType = type, BenefitType = benefit, Gender = gender };

    private void Fact(string person, DateOnly effective, Facts.FactRecord record)
    {
        record.RecordId = Id("rec");
        record.SourceSystem = record.FactCase == Facts.FactRecord.FactOneofCase.RegistrationSpell ? "af-midas" : "fk-mica";
        record.PersonId = person;
        record.EffectiveDate = D(effective);
        record.RecordedAt = Timestamp.FromDateTimeOffset(Recorded(effective));
        _facts.Add(record);
        IMessage data = record.FactCase switch
        {
            Facts.FactRecord.FactOneofCase.SickCase => new Facts.SickCaseRecorded { Record = record },
            Facts.FactRecord.FactOneofCase.BenefitPeriod => new Facts.BenefitPeriodRecorded { Record = record },
            Facts.FactRecord.FactOneofCase.BenefitDecision => new Facts.BenefitDecisionRecorded { Record = record },
            _ => new Facts.AfRegistrationSpellRecorded { Record = record },
        };
        _events.Add(ContractEvent.Of(Id("evt"), data, record.RecordedAt.ToDateTimeOffset()));
    }

    /// <summary>Adds the event, recorded some days after it took effect, and returns that recorded time (the history records carry it).</summary>
    private DateTimeOffset Emit(DateOnly effective, IMessage data)
    {
        var at = Recorded(effective);
        _events.Add(ContractEvent.Of(Id("evt"), data, at));
        return at;
    }

    /// <summary>Recorded some days after it took effect (late registration is normal, D5), always before <see cref="ReportAsOf"/>.</summary>
    private DateTimeOffset Recorded(DateOnly effective)
    {
        var lag = _rng.Next(25) == 0 ? 30 + _rng.Next(0, 45) : _rng.Next(0, 15);
        var at = new DateTimeOffset(effective.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero).AddDays(lag);
        return at < ReportAsOf ? at : ReportAsOf.AddHours(-1);
    }

    private string Id(string prefix) => $"{prefix}-{++_next:D7}";

    private static Google.Type.Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
