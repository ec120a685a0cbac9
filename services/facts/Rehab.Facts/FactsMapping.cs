using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Facts.Domain;
using Contract = Rehab.Contracts.Facts.V1;

namespace Rehab.Facts;

/// <summary>Fact records between the contract and the domain. Malformed dates and timestamps are field violations of the record.</summary>
public static class FactsMapping
{
    public static FactRevision ToDomain(this Contract.FactRecord r, string defaultSourceSystem) => new(
        (r.SourceSystem.OrNull() ?? defaultSourceSystem.OrNull()) ?? "",
        r.RecordId.Trim(),
        r.EffectiveDate.ToOptionalDateOnly("effective_date"),
        r.RecordedAt is null ? null : r.RecordedAt.ToInstant("recorded_at"),
        r.SickCase is { } s ? new SickCase(
            s.SickCaseId.Trim(), s.StartDate.ToOptionalDateOnly("sick_case.start_date"), s.RehabChainDay,
            s.ChainDayDate.ToOptionalDateOnly("sick_case.chain_day_date"), s.EndDate.ToOptionalDateOnly("sick_case.end_date"),
            s.MergedIntoSickCaseId.OrNull()) : null,
        r.BenefitPeriod is { } p ? new BenefitPeriod(
            p.BenefitPeriodId.Trim(), (BenefitType)p.BenefitType, p.StartDate.ToOptionalDateOnly("benefit_period.start_date"),
            p.EndDate.ToOptionalDateOnly("benefit_period.end_date"), p.SickCaseId.OrNull()) : null,
        r.BenefitDecision is { } d ? new BenefitDecision(
            d.BenefitDecisionId.Trim(), (DecisionKind)d.Kind, d.DecisionDate.ToOptionalDateOnly("benefit_decision.decision_date"),
            (BenefitType)d.BenefitType, d.FirstApplication, d.RehabChainDay,
            d.LastBenefitDay.ToOptionalDateOnly("benefit_decision.last_benefit_day"), (EmploymentStatus)d.EmploymentStatus,
            d.SickCaseId.OrNull(), d.SgiRestsOnEmployment, d.FkOfficeId.OrNull()) : null,
        r.RegistrationSpell is { } a ? new RegistrationSpell(
            a.RegistrationSpellId.Trim(), a.RegistrationDate.ToOptionalDateOnly("registration_spell.registration_date"), a.SkatCode.OrNull(),
            (RegistrationStatus)a.RegistrationStatus, a.DeregistrationDate.ToOptionalDateOnly("registration_spell.deregistration_date"),
            (DeregistrationReason)a.DeregistrationReason, a.AfOfficeId.OrNull()) : null);

    /// <summary>The stored revision as the contract shows it: the person by surrogate only.</summary>
    public static Contract.FactRecord ToContract(this FactRevision r, string personId)
    {
        var record = new Contract.FactRecord
        {
            RecordId = r.RecordId,
            SourceSystem = r.SourceSystem,
            EffectiveDate = r.EffectiveDate.ToProto(),
            RecordedAt = r.Recorded.ToProto(),
            PersonId = personId,
        };
        switch (r.Kind)
        {
            case FactKind.SickCase:
                var s = r.SickCase!;
                record.SickCase = new Contract.SickCase
                {
                    SickCaseId = s.SickCaseId, StartDate = s.StartDate.ToProto(), RehabChainDay = s.RehabChainDay,
                    ChainDayDate = s.ChainDayDate.ToProto(), EndDate = s.EndDate.ToProto(), MergedIntoSickCaseId = s.MergedIntoSickCaseId ?? "",
                };
                break;
            case FactKind.BenefitPeriod:
                var p = r.BenefitPeriod!;
                record.BenefitPeriod = new Contract.BenefitPeriod
                {
                    BenefitPeriodId = p.BenefitPeriodId, BenefitType = (Contracts.Common.V1.BenefitType)p.BenefitType,
                    StartDate = p.StartDate.ToProto(), EndDate = p.EndDate.ToProto(), SickCaseId = p.SickCaseId ?? "",
                };
                break;
            case FactKind.BenefitDecision:
                var d = r.BenefitDecision!;
                record.BenefitDecision = new Contract.BenefitDecision
                {
                    BenefitDecisionId = d.BenefitDecisionId, Kind = (Contract.DecisionKind)d.Kind, DecisionDate = d.DecisionDate.ToProto(),
                    BenefitType = (Contracts.Common.V1.BenefitType)d.BenefitType, FirstApplication = d.FirstApplication,
                    RehabChainDay = d.RehabChainDay, LastBenefitDay = d.LastBenefitDay.ToProto(),
                    EmploymentStatus = (Contract.EmploymentStatus)d.EmploymentStatus, SickCaseId = d.SickCaseId ?? "",
                    SgiRestsOnEmployment = d.SgiRestsOnEmployment, FkOfficeId = d.FkOfficeId ?? "",
                };
                break;
            default:
                var a = r.RegistrationSpell!;
                record.RegistrationSpell = new Contract.AfRegistrationSpell
                {
                    RegistrationSpellId = a.RegistrationSpellId, RegistrationDate = a.RegistrationDate.ToProto(), SkatCode = a.SkatCode ?? "",
                    RegistrationStatus = (Contract.RegistrationStatus)a.RegistrationStatus,
                    DeregistrationDate = a.DeregistrationDate.ToProto(),
                    DeregistrationReason = (Contract.DeregistrationReason)a.DeregistrationReason, AfOfficeId = a.AfOfficeId ?? "",
                };
                break;
        }

        return record;
    }
}
