using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Rehab.BuildingBlocks.Security;
using Rehab.Client.Errors;

namespace Rehab.Client;

/// <summary>
/// Runs once per logical call, above the channel's retries: fills an empty <c>request_id</c>, adds the purpose and a new
/// <c>x-request-id</c>, sets the default deadline, and turns error statuses into <see cref="RehabException"/>s.
/// </summary>
internal sealed class RehabCallInterceptor(IOptions<RehabClientOptions> options) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        RequestIds.EnsureSet(request);
        var call = continuation(request, Prepare(context));
        return new AsyncUnaryCall<TResponse>(Translate(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        RequestIds.EnsureSet(request);
        try
        {
            return continuation(request, Prepare(context));
        }
        catch (RpcException e)
        {
            throw RehabErrors.Translate(e);
        }
    }

    private ClientInterceptorContext<TRequest, TResponse> Prepare<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class
    {
        var settings = options.Value;
        var headers = new Metadata();
        foreach (var entry in context.Options.Headers ?? []) headers.Add(entry);
        if (settings.Purpose is { Length: > 0 } purpose && headers.Get(RehabHeaders.Purpose) is null)
            headers.Add(RehabHeaders.Purpose, purpose);
        if (headers.Get(RehabHeaders.RequestId) is null) headers.Add(RehabHeaders.RequestId, Guid.NewGuid().ToString());

        var callOptions = context.Options.WithHeaders(headers);
        if (callOptions.Deadline is null) callOptions = callOptions.WithDeadline(DateTime.UtcNow + settings.DefaultDeadline);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, callOptions);
    }

    private static async Task<TResponse> Translate<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response;
        }
        catch (RpcException e)
        {
            throw RehabErrors.Translate(e);
        }
    }
}

/// <summary>The AIP-155 idempotency key of creates.</summary>
public static class RequestIds
{
    /// <summary>
    /// Gives <paramref name="request"/> a new <c>request_id</c> when it has that field and the caller left it empty.
    /// Called once per logical call, so every retry of the call carries the same id and the platform returns the first result.
    /// </summary>
    public static void EnsureSet(object request)
    {
        if (request is IMessage message && message.Descriptor.FindFieldByName("request_id") is { FieldType: FieldType.String } field
            && field.Accessor.GetValue(message) is "")
            field.Accessor.SetValue(message, Guid.NewGuid().ToString());
    }
}
