using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rehab.BuildingBlocks.Audit;
using Rehab.BuildingBlocks.Domain;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Security;
using Rehab.Contracts;
using Rehab.Testing;

namespace Rehab.BuildingBlocks.Tests.Security;

/// <summary>
/// A real ASP.NET Core gRPC host (in-memory TestServer) that serves every RPC of <see cref="ContractCatalog"/>
/// through the real JWT bearer authentication and the real <see cref="AuthorizationInterceptor"/>. Each RPC answers
/// an empty message and echoes the <see cref="ICallerContext"/> in response headers. Test headers drive the
/// object-level checks (<c>x-test-office</c>, <c>x-test-provider</c>) and an audited read (<c>x-test-audit-record</c>).
/// </summary>
public sealed class SecuredCatalogHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SecuredCatalogHost(WebApplication app, GrpcChannel channel)
    {
        _app = app;
        Channel = channel;
    }

    public GrpcChannel Channel { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SecuredCatalogHost> StartAsync(
        TimeProvider? time = null, AuthorizationMatrix? matrix = null, string? redisPrefix = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(DevTokens.Configuration);
        if (time is not null) builder.Services.AddSingleton(time);
        if (matrix is not null) builder.Services.AddSingleton(matrix);
        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddRehabAuthentication(builder.Configuration);
        builder.Services.AddRehabAuthorization();
        builder.Services.AddSingleton<IServiceMethodProvider<CatalogStub>, CatalogStubMethods>();
        if (redisPrefix is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Persistence:Redis"] = RedisServer.Shared.ConnectionString,
                ["Persistence:KeyPrefix"] = redisPrefix,
            });
            builder.Services.AddRehabRedis(builder.Configuration);
            builder.Services.AddRehabAudit("catalog-test");
        }

        var app = builder.Build();
        app.MapGrpcService<CatalogStub>();
        app.MapGrpcHealthChecksService();
        await app.StartAsync();

        var server = app.GetTestServer();
        var channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new ResponseVersionHandler(server.CreateHandler()),
        });
        return new SecuredCatalogHost(app, channel);
    }

    public static Method<byte[], byte[]> RawMethod(MethodDescriptor method) =>
        new(KindOf(method), method.Service.FullName, method.Name, RawMarshaller, RawMarshaller);

    public static string FullName(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    /// <summary>Calls <paramref name="rpc"/> (a full method name) with an empty request.</summary>
    public async Task<Metadata> CallAsync(string rpc, Metadata headers)
    {
        var method = RawMethod(ContractCatalog.Services.SelectMany(s => s.Methods).Single(m => FullName(m) == rpc));
        var invoker = Channel.CreateCallInvoker();
        var options = new CallOptions(headers);
        switch (method.Type)
        {
            case MethodType.Unary:
                using (var call = invoker.AsyncUnaryCall(method, null, options, []))
                {
                    await call.ResponseAsync;
                    return await call.ResponseHeadersAsync;
                }

            case MethodType.ClientStreaming:
                using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                {
                    await call.RequestStream.CompleteAsync();
                    await call.ResponseAsync;
                    return await call.ResponseHeadersAsync;
                }

            case MethodType.ServerStreaming:
                using (var call = invoker.AsyncServerStreamingCall(method, null, options, []))
                {
                    while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    return await call.ResponseHeadersAsync;
                }

            default:
                using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                {
                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
                    return await call.ResponseHeadersAsync;
                }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static readonly Marshaller<byte[]> RawMarshaller = Marshallers.Create(b => b, b => b);

    private static MethodType KindOf(MethodDescriptor m) => (m.IsClientStreaming, m.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (true, false) => MethodType.ClientStreaming,
        (false, true) => MethodType.ServerStreaming,
        _ => MethodType.DuplexStreaming,
    };

    /// <summary>TestServer answers HTTP/1.1; gRPC's client insists on the request's version.</summary>
    private sealed class ResponseVersionHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Version = request.Version;
            return response;
        }
    }

    public sealed class CatalogStub
    {
        public async Task<byte[]> AnswerAsync(ServerCallContext context)
        {
            var http = context.GetHttpContext();
            var caller = http.RequestServices.GetRequiredService<ICallerContext>();
            var headers = context.RequestHeaders;
            try
            {
                if (headers.GetValue("x-test-office") is { } office) caller.EnsureServesOffice(office);
                if (headers.GetValue("x-test-provider") is { } provider) caller.EnsureProvider(provider);
            }
            catch (AccessDeniedException e)
            {
                // What the platform's error mapping does with it.
                throw new RpcException(new Status(StatusCode.PermissionDenied, e.Message));
            }

            if (headers.GetValue("x-test-audit-record") is { } record)
            {
                await http.RequestServices.GetRequiredService<PersonalDataAudit>().RecordReadAsync("Referral", record, ["state", "person_id"]);
            }

            await context.WriteResponseHeadersAsync(new Metadata
            {
                { "caller-user", caller.UserId },
                { "caller-role", caller.ActingRole?.ToString() ?? "" },
                { "caller-roles", string.Join(",", caller.Roles.Order()) },
                { "caller-org", caller.Organisation },
                { "caller-offices", string.Join(",", caller.Offices.Order()) },
                { "caller-provider", caller.ProviderId ?? "" },
                { "caller-purpose", caller.Purpose ?? "" },
                { "caller-request-id", caller.RequestId },
            });
            return [];
        }
    }

    private sealed class CatalogStubMethods : IServiceMethodProvider<CatalogStub>
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<CatalogStub> context)
        {
            foreach (var method in ContractCatalog.Services.SelectMany(s => s.Methods))
            {
                var raw = RawMethod(method);
                switch (raw.Type)
                {
                    case MethodType.Unary:
                        context.AddUnaryMethod(raw, [], (stub, _, ctx) => stub.AnswerAsync(ctx));
                        break;
                    case MethodType.ClientStreaming:
                        context.AddClientStreamingMethod(raw, [], (stub, _, ctx) => stub.AnswerAsync(ctx));
                        break;
                    case MethodType.ServerStreaming:
                        context.AddServerStreamingMethod(raw, [], async (stub, _, stream, ctx) => await stream.WriteAsync(await stub.AnswerAsync(ctx)));
                        break;
                    default:
                        context.AddDuplexStreamingMethod(raw, [], async (stub, _, stream, ctx) => await stream.WriteAsync(await stub.AnswerAsync(ctx)));
                        break;
                }
            }
        }
    }
}
