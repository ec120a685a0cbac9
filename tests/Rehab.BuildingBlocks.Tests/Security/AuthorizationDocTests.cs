using Rehab.BuildingBlocks.Security;
using Xunit;

namespace Rehab.BuildingBlocks.Tests.Security;

[Trait("Tier", "Fast")]
public sealed class AuthorizationDocTests
{
    [Fact]
    public void The_committed_authorization_doc_matches_the_matrix()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "authorization.md");
        var rendered = AuthorizationMatrix.Load().RenderMarkdown();
        if (Environment.GetEnvironmentVariable("REHAB_REGENERATE_DOCS") == "1")
        {
            File.WriteAllText(path, rendered);
        }

        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(committed == rendered,
            "docs/authorization.md is out of date with Security/authorization-matrix.json. Regenerate it: " +
            "REHAB_REGENERATE_DOCS=1 dotnet test tests/Rehab.BuildingBlocks.Tests --filter AuthorizationDoc");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rehab.Platform.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Rehab.Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
