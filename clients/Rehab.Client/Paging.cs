using System.Runtime.CompilerServices;

namespace Rehab.Client;

/// <summary>Walks an AIP-158 list (page_size / page_token) to its end.</summary>
public static class Paging
{
    public static async IAsyncEnumerable<TItem> AllAsync<TPage, TItem>(
        Func<string, CancellationToken, Task<TPage>> fetch, Func<TPage, IEnumerable<TItem>> items, Func<TPage, string> nextPageToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = "";
        do
        {
            var page = await fetch(token, cancellationToken);
            foreach (var item in items(page)) yield return item;
            token = nextPageToken(page);
        }
        while (token.Length > 0);
    }
}
