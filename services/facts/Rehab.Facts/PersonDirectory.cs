using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Errors;
using Rehab.Contracts.Person.V1;

namespace Rehab.Facts;

/// <summary>
/// Resolutions the person registry already gave, so a year of history does not ask it about the same person per batch.
/// Identity numbers are kept only as a keyed hash (the key lives in this process's memory); person ids never disappear, so a
/// confirmed one stays confirmed. Bounded: when full it starts over.
/// </summary>
public sealed class PersonResolutionCache
{
    private const int Capacity = 1_000_000;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, string> _byNumber = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    public string HashOf(IdentityNumber number) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(number.Value)));

    public bool TryGet(IdentityNumber number, out string personId) => _byNumber.TryGetValue(HashOf(number), out personId!);

    public bool IsKnown(string personId) => _known.ContainsKey(personId);

    public void Remember(IdentityNumber number, string personId)
    {
        if (_byNumber.Count >= Capacity) _byNumber.Clear();
        _byNumber[HashOf(number)] = personId;
        Known(personId);
    }

    public void Known(string personId)
    {
        if (_known.Count >= Capacity) _known.Clear();
        _known[personId] = 0;
    }
}

/// <summary>The facts service's view of the person registry: identity numbers in, surrogates out; which surrogates exist.</summary>
public sealed class PersonDirectory(PersonRegistryService.PersonRegistryServiceClient registry, PersonResolutionCache cache)
{
    /// <returns>The person id of each number, and the subset of <paramref name="personIds"/> the registry does not know.</returns>
    public async Task<(IReadOnlyList<string> NumberPersonIds, IReadOnlySet<string> Unknown)> ResolveAsync(
        IReadOnlyList<IdentityNumber> numbers, IReadOnlyCollection<string> personIds, CancellationToken ct)
    {
        var resolved = new string?[numbers.Count];
        var request = new EnsurePersonsRequest();
        var asked = new List<int>();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (cache.TryGet(numbers[i], out var id)) resolved[i] = id;
            else
            {
                asked.Add(i);
                request.IdentityNumbers.Add(numbers[i].Value);
            }
        }

        request.PersonIds.AddRange(personIds.Where(p => !cache.IsKnown(p)).Distinct());
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        if (request.IdentityNumbers.Count > 0 || request.PersonIds.Count > 0)
        {
            EnsurePersonsResponse response;
            try
            {
                response = await registry.EnsurePersonsAsync(request, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: ct);
            }
            catch (RpcException e)
            {
                throw RemoteErrors.ToDomain(e);
            }

            for (var j = 0; j < asked.Count; j++)
            {
                resolved[asked[j]] = response.IdentityNumberPersonIds[j];
                cache.Remember(numbers[asked[j]], response.IdentityNumberPersonIds[j]);
            }

            unknown.UnionWith(response.UnknownPersonIds);
            foreach (var known in request.PersonIds.Where(p => !unknown.Contains(p))) cache.Known(known);
        }

        return (resolved.Select(r => r!).ToList(), unknown);
    }
}
