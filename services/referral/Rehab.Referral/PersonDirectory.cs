using Grpc.Core;
using Rehab.BuildingBlocks.Errors;
using Rehab.BuildingBlocks.Rpc;
using Rehab.Contracts.Person.V1;

namespace Rehab.Referral;

/// <summary>The referral service's view of the person registry: identity number in, surrogate out.</summary>
public sealed class PersonDirectory(PersonRegistryService.PersonRegistryServiceClient registry)
{
    public async Task<(string PersonId, DateOnly BirthDate)> EnsureAsync(string identityNumber, CancellationToken ct)
    {
        try
        {
            var person = await registry.EnsurePersonAsync(
                new EnsurePersonRequest { IdentityNumber = identityNumber }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
            var survivor = string.IsNullOrEmpty(person.MergedIntoPersonId) ? person.PersonId : person.MergedIntoPersonId;
            return (survivor, person.BirthDate.ToDateOnly("birth_date"));
        }
        catch (RpcException e)
        {
            throw RemoteErrors.ToDomain(e);
        }
    }
}
