using System.Security.Cryptography;
using System.Text;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.PersonRegistry;

/// <summary>
/// A keyed hash of an identity number, used as its lookup and uniqueness key, so that no Redis key name
/// ever contains the number itself. The key comes from configuration (a secret in production).
/// </summary>
public sealed class IdentityLookupKey(byte[] secret)
{
    public string For(IdentityNumber number) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(number.Value)));
}
