using Grpc.Core;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Facts.V1;
using Domain = Rehab.Facts.Domain;

namespace Rehab.Facts;

/// <summary>Thin adapter: the import (role System) and officers' reads of a person's facts.</summary>
public sealed class FactsGrpcService(
    FactsImport import, AggregateRepository<Domain.PersonFacts> people, PersonalRecords<Domain.PersonFacts> records, FactsAccess access,
    TimeProvider time)
    : FactsService.FactsServiceBase
{
    private static readonly string[] ReadFields = ["sick_cases", "benefit_periods", "benefit_decisions", "registration_spells"];

    public override Task<ImportFactsResponse> ImportFacts(ImportFactsRequest request, ServerCallContext context) =>
        import.ImportAsync(request, context.CancellationToken);

    public override async Task<PersonFacts> GetPersonFacts(GetPersonFactsRequest request, ServerCallContext context)
    {
        new Violations().RequireText(request.PersonId, "person_id").ThrowIfAny();
        var asOf = request.AsOf is null ? time.GetUtcNow() : request.AsOf.ToInstant("as_of");
        var found = await people.FindByUniqueKeyAsync(request.PersonId, Domain.PersonFacts.PersonKey(request.PersonId), context.CancellationToken)
            ?? throw new NotFoundException("person facts", request.PersonId);
        var stored = await records.ReadAsync(found.Id, access.Ensure, ReadFields, context.CancellationToken);

        var reply = new PersonFacts { PersonId = request.PersonId, AsOf = asOf.ToProto() };
        foreach (var revision in stored.State.AsOf(asOf, request.IncludeHistory))
        {
            var target = revision.Kind switch
            {
                Domain.FactKind.SickCase => reply.SickCases,
                Domain.FactKind.BenefitPeriod => reply.BenefitPeriods,
                Domain.FactKind.BenefitDecision => reply.BenefitDecisions,
                _ => reply.RegistrationSpells,
            };
            target.Add(revision.ToContract(request.PersonId));
        }

        return reply;
    }
}
