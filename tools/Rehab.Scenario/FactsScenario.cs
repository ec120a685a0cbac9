using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Rpc;
using Rehab.BuildingBlocks.Security;
using Rehab.Client.Tokens;
using Rehab.Contracts.Common.V1;
using Rehab.Contracts.Facts.V1;
using BenefitType = Rehab.Contracts.Common.V1.BenefitType;
using EmploymentStatus = Rehab.Contracts.Facts.V1.EmploymentStatus;
using RegistrationStatus = Rehab.Contracts.Facts.V1.RegistrationStatus;

namespace Rehab.Scenario;

/// <summary>
/// The agencies' facts for the scenario, through the system-to-system import (role System): the scenario's person (A) has a
/// sick case at chain day 181, a sickness-benefit period, a refusal with its last benefit day and an AF registration inside the
/// 25-day SGI window (D10); a second person (B) has a sick case, a period and a refusal but has not registered at AF. Later
/// steps (transition meetings, SGI tracking) build on these two. Record ids are stable, so a rerun records corrections.
/// </summary>
public static class FactsScenario
{
    // Skatteverket's published test personnummer; never printed.
    private const string SecondIdentityNumber = "19811218-9876";
    private const int SgiDays = 25;

    /// <returns>Person B (refused, not registered at AF) and B's sick case.</returns>
    public static async Task<(string PersonId, string SickCaseId)> RunAsync(Uri gateway, AuthOptions auth, Client.RehabClient fk, string personId, string sickCaseId, TextWriter output)
    {
        var today = CivilTime.Today(TimeProvider.System);
        Google.Type.Date Day(int offset) => today.AddDays(offset).ToProto();
        using var system = Client.RehabClient.Create(o =>
        {
            o.GatewayAddress = gateway;
            o.Purpose = "agency facts import";
            o.Tokens = new DevTokenSource(auth, new DevCaller("fk-usa-import", [Role.System], Organisations.Fk, Name: "FK facts import"));
        });
        var recordedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1));

        FactRecord Record(string id, PersonReference person, Google.Type.Date effective) => new()
        {
            RecordId = id, Person = person, EffectiveDate = effective, RecordedAt = recordedAt,
        };

        IEnumerable<FactRecord> Refused(string who, PersonReference person, string sickCase, int lastDay)
        {
            var sick = Record($"scenario-{who}-sick-case", person, Day(-200));
            sick.SickCase = new SickCase { SickCaseId = sickCase, StartDate = Day(-200), RehabChainDay = 200 + lastDay + 1, ChainDayDate = Day(lastDay) };
            var period = Record($"scenario-{who}-benefit-period", person, Day(-200));
            period.BenefitPeriod = new BenefitPeriod
            {
                BenefitPeriodId = $"BP-{who}", BenefitType = BenefitType.SicknessBenefit, StartDate = Day(-200), EndDate = Day(lastDay), SickCaseId = sickCase,
            };
            var refusal = Record($"scenario-{who}-refusal", person, Day(lastDay - 1));
            refusal.BenefitDecision = new BenefitDecision
            {
                BenefitDecisionId = $"BD-{who}", Kind = DecisionKind.Refusal, DecisionDate = Day(lastDay - 1), BenefitType = BenefitType.SicknessBenefit,
                FirstApplication = false, RehabChainDay = 200 + lastDay, LastBenefitDay = Day(lastDay),
                EmploymentStatus = EmploymentStatus.Unemployed, SickCaseId = sickCase, FkOfficeId = "fk-stockholm-city",
            };
            return [sick, period, refusal];
        }

        var a = new PersonReference { PersonId = personId };
        var b = new PersonReference { IdentityNumber = SecondIdentityNumber };
        var batch = "scenario-" + Guid.NewGuid().ToString("N")[..8];
        var records = new List<FactRecord>(Refused("A", a, sickCaseId, -20));
        var spell = Record("scenario-A-registration", a, Day(-10));
        spell.SourceSystem = "af-midas";
        spell.RegistrationSpell = new AfRegistrationSpell
        {
            RegistrationSpellId = "RS-A", RegistrationDate = Day(-10), SkatCode = "11", RegistrationStatus = RegistrationStatus.InCooperation,
            AfOfficeId = "af-stockholm-syd",
        };
        records.Add(spell);
        records.AddRange(Refused("B", b, "SC-B-" + sickCaseId, -15));

        var result = await system.Facts.ImportAsync(records, new Client.FactsImportOptions { SourceSystem = "fk-usa", BatchIdPrefix = batch });
        output.WriteLine($"  System: ImportFacts({batch}) -> recorded {result.Recorded}, corrected {result.Corrected}, " +
                         $"unchanged {result.Unchanged}, rejected {result.Rejected}");
        foreach (var rejected in result.Rejections)
            output.WriteLine($"    rejected {rejected.RecordId}: {string.Join("; ", rejected.Violations.Select(v => v.Field + " " + v.Description))}");

        using var dpo = Client.RehabClient.Create(o =>
        {
            o.GatewayAddress = gateway;
            o.Purpose = "local scenario: check the imported facts";
            o.Tokens = new DevTokenSource(auth, new DevCaller("dpo-scenario", [Role.DataProtectionOfficer], Organisations.Fk));
        });
        // The import resolved B's identity number in the person registry; FK's EnsurePerson hands out the same surrogate.
        var personB = (await fk.Persons.EnsureAsync(SecondIdentityNumber)).PersonId;
        var second = await dpo.Facts.GetPersonFactsAsync(personB);
        if (second.BenefitDecisions.Count == 0 || second.RegistrationSpells.Count != 0)
            throw new InvalidOperationException("person B's facts are not as imported");
        output.WriteLine($"    person A person_id={personId}: refusal, last benefit day {Format(Day(-20))}, SGI deadline {Format(Day(-20 + SgiDays))}, " +
                         $"registered at AF {Format(Day(-10))} (af-stockholm-syd) - inside the SGI window");
        output.WriteLine($"    person B person_id={second.PersonId}: refusal, last benefit day {Format(Day(-15))}, SGI deadline {Format(Day(-15 + SgiDays))}, " +
                         "not registered at AF");
        return (second.PersonId, "SC-B-" + sickCaseId);
    }

    private static string Format(Google.Type.Date d) => $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}";
}
