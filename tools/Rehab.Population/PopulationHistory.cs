using System.Globalization;
using Common = Rehab.Contracts.Common.V1;
using Facts = Rehab.Contracts.Facts.V1;
using Interventions = Rehab.Contracts.Interventions.V1;
using Transition = Rehab.Contracts.Transition.V1;

namespace Rehab.Population;

/// <summary>
/// The generated history in the shape of the platform's import paths: persons for the registry (EnsurePersons), joint-assessment
/// rounds and transition meetings for their services' history imports, participation lives for ImportParticipationHistory
/// (the facts go to ImportFacts as they are). Person, round and participation ids are the generator's keys: the loader maps them
/// to the ids the platform assigns.
/// </summary>
public sealed record PopulationHistory(
    IReadOnlyList<GeneratedPerson> Persons,
    IReadOnlyList<RoundHistory> Rounds,
    IReadOnlyList<Interventions.ParticipationHistoryRecord> Participations,
    IReadOnlyList<MeetingHistory> Meetings);

/// <summary>A generated person: the key the history uses, the gender and a valid synthetic personnummer whose gender digit agrees.</summary>
public sealed record GeneratedPerson(string Key, Common.Gender Gender, string IdentityNumber);

/// <summary>
/// One joint-assessment round: opened, first meeting held, concluded (plan agreed, or not proceeding), each with the time the
/// generated events were recorded (the history import keeps them, so as-of reports over the loaded history see what was known when).
/// </summary>
public sealed record RoundHistory(
    string Key, string PersonKey, string SickCaseId, int RoundNo, Common.Gender Gender, Common.BenefitType Benefit, DateOnly OpenedDate,
    string FirstMeetingKey, DateOnly FirstMeetingDate, DateOnly ConcludedDate, bool PlanAgreed)
{
    public DateTimeOffset? OpenedRecordedAt { get; init; }
    public DateTimeOffset? FirstMeetingRecordedAt { get; init; }
    public DateTimeOffset? ConcludedRecordedAt { get; init; }
}

/// <summary>
/// One held transition or contact meeting; a transition meeting names the refusal fact that triggered it. <see cref="HeldRecordedAt"/>:
/// when the generated MeetingHeld was recorded.
/// </summary>
public sealed record MeetingHistory(
    string Key, string PersonKey, Transition.MeetingType Type, Common.BenefitType Benefit, Common.Gender Gender, DateOnly HeldDate,
    Facts.FactRecord? Refusal = null)
{
    public DateTimeOffset? HeldRecordedAt { get; init; }
}

/// <summary>
/// Valid synthetic personnummer (YYYYMMDDNNNC): distinct for every index below 1.4 million, born 1960–1998, the serial's last digit
/// odd for men and even for women (as real numbers carry it), the check digit by the Luhn rule the registry validates.
/// </summary>
public static class PersonNumbers
{
    private const int Days = 14_000;

    public static string Synthetic(int index, Common.Gender gender)
    {
        if (index is < 0 or >= Days * 100) throw new ArgumentOutOfRangeException(nameof(index));
        var birth = new DateOnly(1960, 1, 1).AddDays(index % Days);
        var serial = index / Days * 10 + (gender == Common.Gender.Man ? 1 : 2);
        var nine = birth.ToString("yyMMdd", CultureInfo.InvariantCulture) + serial.ToString("D3", CultureInfo.InvariantCulture);
        return birth.ToString("yyyy", CultureInfo.InvariantCulture)[..2] + nine + CheckDigit(nine);
    }

    private static int CheckDigit(string nine)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }

        return (10 - sum % 10) % 10;
    }
}
