using Rehab.BuildingBlocks.Domain;

namespace Rehab.Tracking.Domain;

/// <summary>One version of T1: from <see cref="EffectiveFrom"/> (a last benefit day on or after it) the deadline is +<see cref="Days"/>.</summary>
public sealed record SgiDeadlineVersion(DateOnly EffectiveFrom, int Days);

/// <summary>
/// The configurable SGI rules (DOMAIN D10, §4 T1): the deadline offset, versioned by effective date, and the reminder
/// offsets (days before the deadline; [INF], DOMAIN names no value).
/// </summary>
public sealed record SgiRules
{
    public SgiRules(IEnumerable<SgiDeadlineVersion> deadlineVersions, IEnumerable<int> reminderDaysBefore)
    {
        DeadlineVersions = ValueList.From(deadlineVersions.OrderBy(v => v.EffectiveFrom));
        ReminderDaysBefore = ValueList.From(reminderDaysBefore.Distinct().OrderDescending());
        var violations = new Violations()
            .Require(DeadlineVersions.Count > 0, "sgi.deadline_versions", "at least one version of T1 is needed")
            .Require(DeadlineVersions.All(v => v.Days is > 0 and < 366), "sgi.deadline_versions", "days must be 1–365")
            .Require(ReminderDaysBefore.All(d => d > 0), "sgi.reminder_days_before", "offsets must be positive");
        violations.ThrowIfAny();
    }

    public IReadOnlyList<SgiDeadlineVersion> DeadlineVersions { get; }

    /// <summary>Largest first.</summary>
    public IReadOnlyList<int> ReminderDaysBefore { get; }

    /// <summary>T1 = 25 calendar days (000 L225; inclusive, §10 Q11); reminders 7, 3 and 1 day before.</summary>
    public static SgiRules Default { get; } = new([new SgiDeadlineVersion(DateOnly.MinValue, 25)], [7, 3, 1]);

    /// <summary>The version of T1 in force on the last benefit day (the day the clock counts from).</summary>
    public int DeadlineDays(DateOnly lastBenefitDay) =>
        DeadlineVersions.Last(v => v.EffectiveFrom <= lastBenefitDay || v == DeadlineVersions[0]).Days;

    public DateOnly DeadlineFor(DateOnly lastBenefitDay) => lastBenefitDay.AddDays(DeadlineDays(lastBenefitDay));

    /// <summary>The miss fires at the start of the day after the deadline, 00:00 Europe/Stockholm (D10).</summary>
    public static DateTimeOffset MissAt(DateOnly deadline) => CivilTime.StartOfDay(deadline.AddDays(1));

    /// <summary>A reminder <paramref name="daysBefore"/> the deadline fires at the start of that civil day.</summary>
    public static DateTimeOffset ReminderAt(DateOnly deadline, int daysBefore) => CivilTime.StartOfDay(deadline.AddDays(-daysBefore));
}
