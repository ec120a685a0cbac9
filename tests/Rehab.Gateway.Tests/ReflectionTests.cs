using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1Alpha;
using Xunit;
using V1 = Grpc.Reflection.V1;

namespace Rehab.Gateway.Tests;

/// <summary>Server reflection (what grpcurl and Postman use) answered by the gateway for every platform service.</summary>
[Trait("Tier", "Fast")]
public sealed class ReflectionTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Reflection_v1alpha_lists_every_backend_service()
    {
        var reply = await AskAsync(new ServerReflectionRequest { ListServices = "" });

        var names = reply.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains(PlatformFixture.ReferralService, names);
        Assert.Contains(PlatformFixture.PersonService, names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [Fact]
    public async Task Reflection_v1_lists_every_backend_service()
    {
        var client = new V1.ServerReflection.ServerReflectionClient(platform.Gateway.GrpcChannel);
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new V1.ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains(PlatformFixture.ReferralService, names);
        Assert.Contains(PlatformFixture.PersonService, names);
    }

    [Fact]
    public async Task The_referral_service_descriptor_resolves_with_all_its_imports()
    {
        var files = new Dictionary<string, FileDescriptorProto>();
        void Add(IEnumerable<FileDescriptorProto> protos)
        {
            foreach (var proto in protos)
                files.TryAdd(proto.Name, proto);
        }

        Add(await FilesAsync(new ServerReflectionRequest { FileContainingSymbol = PlatformFixture.ReferralService }));
        // A client asks by name for any import the first answer did not include (as grpcurl does).
        while (files.Values.SelectMany(f => f.Dependency).FirstOrDefault(d => !files.ContainsKey(d)) is { } missing)
            Add(await FilesAsync(new ServerReflectionRequest { FileByFilename = missing }));

        Assert.Contains("google/api/annotations.proto", files.Keys);
        Assert.Contains("google/type/date.proto", files.Keys);
        var built = FileDescriptor.BuildFromByteStrings(InDependencyOrder(files).Select(f => f.ToByteString()));
        var service = built.SelectMany(f => f.Services).Single(s => s.FullName == PlatformFixture.ReferralService);
        Assert.Contains(service.Methods, m => m.Name == "GetReferral");
    }

    [Fact]
    public async Task An_unknown_symbol_is_not_found()
    {
        var reply = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = "rehab.nothing.v1.NoSuchService" });

        Assert.Equal((int)Grpc.Core.StatusCode.NotFound, reply.ErrorResponse.ErrorCode);
    }

    private async Task<IEnumerable<FileDescriptorProto>> FilesAsync(ServerReflectionRequest request)
    {
        var reply = await AskAsync(request);
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, reply.MessageResponseCase);
        return reply.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom);
    }

    private async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request)
    {
        var client = new ServerReflection.ServerReflectionClient(platform.Gateway.GrpcChannel);
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current;
    }

    private static IEnumerable<FileDescriptorProto> InDependencyOrder(Dictionary<string, FileDescriptorProto> files)
    {
        var done = new HashSet<string>();
        var ordered = new List<FileDescriptorProto>();
        void Visit(FileDescriptorProto file)
        {
            if (!done.Add(file.Name))
                return;
            foreach (var dependency in file.Dependency)
                Visit(files[dependency]);
            ordered.Add(file);
        }

        foreach (var file in files.Values)
            Visit(file);
        return ordered;
    }
}
