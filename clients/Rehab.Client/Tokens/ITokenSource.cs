namespace Rehab.Client.Tokens;

/// <summary>Hands out the bearer token for the next call. Implementations cache and renew it themselves.</summary>
public interface ITokenSource
{
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default);
}

/// <summary>A token obtained elsewhere (e.g. the <c>REHAB_TOKEN</c> environment variable).</summary>
public sealed class StaticTokenSource(string token) : ITokenSource
{
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(token);
}
