using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rehab.BuildingBlocks.Security;

/// <summary>
/// Enforces the <see cref="AuthorizationMatrix"/> on every gRPC call of a service, before the service runs:
/// unknown RPC → PERMISSION_DENIED (fail closed); no valid token → UNAUTHENTICATED; no allowed role →
/// PERMISSION_DENIED; personal-data RPC without <c>x-rehab-purpose</c> → INVALID_ARGUMENT.
/// Object scope (office, provider) is checked by the service through <see cref="ICallerContext"/>.
/// </summary>
public sealed partial class AuthorizationInterceptor(AuthorizationMatrix matrix, ILogger<AuthorizationInterceptor> logger) : Interceptor
{
    private const int MaxPurposeLength = 200;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthorizeAsync(ServerCallContext context)
    {
        var rpc = context.Method;
        if (matrix.IsAnonymous(rpc)) return;

        var rule = matrix.Find(rpc);
        if (rule is null)
        {
            LogNoRule(logger, rpc);
            throw new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, $"{rpc} has no rule in the authorization matrix"));
        }

        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            // Works whether or not the host runs the authentication middleware.
            var result = await http.AuthenticateAsync();
            if (!result.Succeeded)
            {
                LogUnauthenticated(logger, rpc, result.Failure?.GetType().Name ?? "no token");
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "A valid bearer token is required"));
            }

            http.User = result.Principal;
        }

        var caller = CallerContext.FromHttpContext(http);
        Role? acting = null;
        foreach (var role in rule.Roles)
        {
            if (caller.HasRole(role))
            {
                acting = role;
                break;
            }
        }

        if (acting is null)
        {
            var held = caller.Roles.Count == 0 ? "no platform role" : "role " + string.Join(", ", caller.Roles.Order());
            throw new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied,
                $"A caller with {held} may not call {rpc} (allowed: {string.Join(", ", rule.Roles)})"));
        }

        if (rule.PersonalData) CheckPurpose(http.Request.Headers[RehabHeaders.Purpose].ToString(), rpc);

        http.Features.Set(new CallAuthorization(rule, acting.Value));
    }

    private static void CheckPurpose(string purpose, string rpc)
    {
        purpose = purpose.Trim();
        string? problem = null;
        if (purpose.Length == 0) problem = $"is required on {rpc}: state why personal data is read or changed";
        else if (purpose.Length > MaxPurposeLength) problem = $"must be at most {MaxPurposeLength} characters";
        // The purpose ends up in the audit trail; an identity number must never get there.
        else if (IdentityNumberPattern.InText().IsMatch(purpose)) problem = "must not contain an identity number";
        if (problem is null) return;

        throw new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"{RehabHeaders.Purpose} {problem}",
            Details =
            {
                Any.Pack(new BadRequest
                {
                    FieldViolations = { new BadRequest.Types.FieldViolation { Field = RehabHeaders.Purpose, Description = problem } },
                }),
            },
        }.ToRpcException();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Denied {Rpc}: no rule in the authorization matrix")]
    private static partial void LogNoRule(ILogger logger, string rpc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unauthenticated call to {Rpc}: {Reason}")]
    private static partial void LogUnauthenticated(ILogger logger, string rpc, string reason);
}
