using Rehab.BuildingBlocks.Domain;

namespace Rehab.Facts.Domain;

// The four kinds of agency facts (DOMAIN D9). Enum values are the proto values (protos/rehab/facts/v1/facts.proto).

public enum FactKind
{
    SickCase,
    BenefitPeriod,
    BenefitDecision,
    RegistrationSpell,
}

public enum DecisionKind
{
    Unspecified = 0,
    Grant = 1,
    Refusal = 2,
    Cessation = 3,
}

/// <summary>A sick case as FK knows it. The chain day is FK's count across merged periods on <see cref="ChainDayDate"/> (D9).</summary>
public sealed record SickCase(
    string SickCaseId, DateOnly? StartDate, int RehabChainDay, DateOnly? ChainDayDate, DateOnly? EndDate, string? MergedIntoSickCaseId)
{
    internal void Validate(Violations v)
    {
        const string p = "sick_case.";
        v.RequireText(SickCaseId, p + "sick_case_id").RequireDate(StartDate, p + "start_date")
            .Require(RehabChainDay >= 0, p + "rehab_chain_day", "must not be negative")
            .Require(RehabChainDay == 0 || ChainDayDate is not null, p + "chain_day_date", "is required with a rehab_chain_day")
            .Require(!(ChainDayDate < StartDate), p + "chain_day_date", "must not be before start_date")
            .Require(!(EndDate < StartDate), p + "end_date", "must not be before start_date")
            .Require(MergedIntoSickCaseId != SickCaseId, p + "merged_into_sick_case_id", "must name another sick case");
    }
}

/// <summary>A period with one benefit; <see cref="EndDate"/> is empty while it is ongoing.</summary>
public sealed record BenefitPeriod(string BenefitPeriodId, BenefitType BenefitType, DateOnly? StartDate, DateOnly? EndDate, string? SickCaseId)
{
    internal void Validate(Violations v)
    {
        const string p = "benefit_period.";
        v.RequireText(BenefitPeriodId, p + "benefit_period_id").RequireChoice(BenefitType, p + "benefit_type")
            .RequireDate(StartDate, p + "start_date")
            .Require(!(EndDate < StartDate), p + "end_date", "must not be before start_date");
    }
}

/// <summary>A benefit decision, every refusal included: the Tabell 4 denominator and the start of the SGI clock (D10).</summary>
public sealed record BenefitDecision(
    string BenefitDecisionId, DecisionKind Kind, DateOnly? DecisionDate, BenefitType BenefitType, bool FirstApplication, int RehabChainDay,
    DateOnly? LastBenefitDay, EmploymentStatus EmploymentStatus, string? SickCaseId, bool SgiRestsOnEmployment,
    string? FkOfficeId = null)
{
    internal void Validate(Violations v)
    {
        const string p = "benefit_decision.";
        v.RequireText(BenefitDecisionId, p + "benefit_decision_id").RequireChoice(Kind, p + "kind")
            .RequireDate(DecisionDate, p + "decision_date").RequireChoice(BenefitType, p + "benefit_type")
            .Require(RehabChainDay >= 0, p + "rehab_chain_day", "must not be negative")
            .RequireKnown(EmploymentStatus, p + "employment_status")
            .Require(Kind is not (DecisionKind.Refusal or DecisionKind.Cessation) || LastBenefitDay is not null, p + "last_benefit_day",
                "is required for a refusal or a cessation (the SGI deadline counts from it)");
    }
}

/// <summary>One spell of registration at AF; <see cref="DeregistrationDate"/> is empty while the person is registered.</summary>
public sealed record RegistrationSpell(
    string RegistrationSpellId, DateOnly? RegistrationDate, string? SkatCode, RegistrationStatus RegistrationStatus,
    DateOnly? DeregistrationDate, DeregistrationReason DeregistrationReason, string? AfOfficeId)
{
    internal void Validate(Violations v)
    {
        const string p = "registration_spell.";
        v.RequireText(RegistrationSpellId, p + "registration_spell_id").RequireDate(RegistrationDate, p + "registration_date")
            .RequireKnown(RegistrationStatus, p + "registration_status").RequireKnown(DeregistrationReason, p + "deregistration_reason")
            .Require(!(DeregistrationDate < RegistrationDate), p + "deregistration_date", "must not be before registration_date")
            .Require(DeregistrationReason == DeregistrationReason.Unspecified || DeregistrationDate is not null,
                p + "deregistration_reason", "needs a deregistration_date");
    }

    /// <summary>
    /// Spells of one person never overlap. A spell runs from its registration date up to (not including) its deregistration
    /// date, so a re-registration on the day of a deregistration is no overlap.
    /// </summary>
    public bool Overlaps(RegistrationSpell other) =>
        RegistrationDate < (other.DeregistrationDate ?? DateOnly.MaxValue)
        && other.RegistrationDate < (DeregistrationDate ?? DateOnly.MaxValue);
}
