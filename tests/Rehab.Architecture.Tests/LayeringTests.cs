using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace Rehab.Architecture.Tests;

/// <summary>
/// Services reach Redis, Dapr and JWT only through the building blocks; domain projects know no transport or
/// storage. Checked twice: in the project files and in the compiled assemblies (a type used is an assembly referenced).
/// </summary>
[Trait("Tier", "Fast")]
public sealed class LayeringTests
{
    private static readonly string[] InfrastructureOnlyInBuildingBlocks =
    [
        "StackExchange.Redis", "Dapr.", "Microsoft.AspNetCore.Authentication.JwtBearer",
        "System.IdentityModel.Tokens.Jwt", "Microsoft.IdentityModel.",
    ];

    private static readonly string[] TransportOrStorage =
    [
        "StackExchange.Redis", "Dapr.", "Grpc.", "Google.Protobuf", "Google.Api", "Microsoft.AspNetCore.",
        "Microsoft.IdentityModel.", "System.IdentityModel.", "Yarp.", "Rehab.Contracts", "Rehab.BuildingBlocks,",
        "System.Net.Http", "Microsoft.Extensions.",
    ];

    public static TheoryData<string> ServiceProjects() => [.. Repository.Projects("services").Where(p => !IsDomain(p))];

    public static TheoryData<string> DomainProjects() =>
        [.. Repository.Projects("services").Concat(Repository.Projects("building-blocks")).Where(IsDomain)];

    /// <summary>Pure building blocks held to the domain rules (shared metric definitions).</summary>
    private static readonly string[] PureLibraries = ["Rehab.Metrics"];

    private static bool IsDomain(string project) => IsPure(Path.GetFileNameWithoutExtension(project));

    private static bool IsPure(string name) => name.EndsWith(".Domain", StringComparison.Ordinal) || PureLibraries.Contains(name);

    [Theory]
    [MemberData(nameof(ServiceProjects))]
    public void A_service_project_has_no_direct_infrastructure_package(string project)
    {
        var packages = PackageReferences(project);
        var offending = packages.Where(p => InfrastructureOnlyInBuildingBlocks.Any(p.StartsWith)).ToList();
        Assert.True(offending.Count == 0,
            $"{project} references {string.Join(", ", offending)} directly; use the building blocks (Persistence, Messaging, Security) instead");
    }

    [Theory]
    [MemberData(nameof(ServiceProjects))]
    public void A_service_assembly_uses_no_infrastructure_type_directly(string project)
    {
        var assembly = Load(project);
        var offending = assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => InfrastructureOnlyInBuildingBlocks.Any(n.StartsWith)).ToList();
        Assert.True(offending.Count == 0,
            $"{assembly.GetName().Name} uses types from {string.Join(", ", offending)}; go through Rehab.BuildingBlocks instead");
    }

    [Theory]
    [MemberData(nameof(DomainProjects))]
    public void A_domain_project_references_no_transport_or_storage(string project)
    {
        Assert.Empty(PackageReferences(project));
        var projectRefs = XDocument.Load(project).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value)).ToList();
        Assert.All(projectRefs, r => Assert.True(IsPure(r), $"{project} references {r}, which is neither a domain project nor a pure library"));

        var offending = Load(project).GetReferencedAssemblies().Select(a => a.FullName)
            .Where(n => TransportOrStorage.Any(n.StartsWith)).ToList();
        Assert.True(offending.Count == 0, $"{project} uses {string.Join(", ", offending)}");
    }

    [Fact]
    public void Every_service_and_domain_project_is_checked()
    {
        Assert.NotEmpty(ServiceProjects());
        Assert.NotEmpty(DomainProjects());
    }

    private static List<string> PackageReferences(string project) =>
        XDocument.Load(project).Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToList();

    private static Assembly Load(string project)
    {
        var name = Path.GetFileNameWithoutExtension(project);
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            Assert.Fail($"{name} is not referenced by Rehab.Architecture.Tests; add a ProjectReference so its assembly is checked");
            throw;
        }
    }
}

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> Projects(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Rehab.Platform.sln"))) return dir.FullName;
        throw new InvalidOperationException("Rehab.Platform.sln not found above the test binaries");
    }
}
