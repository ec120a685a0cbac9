using Rehab.Contracts.Person.V1;

namespace Rehab.Client;

/// <summary>The person registry (<c>rehab.person.v1.PersonRegistryService</c>): identity numbers to surrogate person ids.</summary>
public sealed class PersonClient(PersonRegistryService.PersonRegistryServiceClient grpc)
{
    public PersonRegistryService.PersonRegistryServiceClient Grpc => grpc;

    /// <summary>The person's surrogate id, registering the identity number on first sight (idempotent by number).</summary>
    public async Task<Person> EnsureAsync(string identityNumber, CancellationToken cancellationToken = default) =>
        await grpc.EnsurePersonAsync(new EnsurePersonRequest { IdentityNumber = identityNumber }, cancellationToken: cancellationToken);

    /// <summary>The person including the identity number: an audited personal read.</summary>
    public async Task<Person> GetAsync(string personId, CancellationToken cancellationToken = default) =>
        await grpc.GetPersonAsync(new GetPersonRequest { PersonId = personId }, cancellationToken: cancellationToken);
}
