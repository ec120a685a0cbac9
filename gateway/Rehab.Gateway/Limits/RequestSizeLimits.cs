using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Rehab.Gateway.Limits;

/// <summary>
/// Request size limits on proxied requests, and a clear answer when one is exceeded:
/// gRPC and gRPC-Web callers get RESOURCE_EXHAUSTED with a message, others 413 with a text body.
/// (Without this YARP answers a failed request body with a bare 400, which a gRPC client sees as INTERNAL.)
/// </summary>
public static class RequestSizeLimits
{
    private const string ResourceExhausted = "8";

    /// <summary>Middleware for the YARP pipeline.</summary>
    public static async Task EnforceAsync(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (IsGrpc(context.Request.ContentType))
            context.Request.Body = new GrpcMessageLimitStream(context.Request.Body, options.MaxGrpcMessageBytes);

        await next(context);

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted)
            return;
        var message = TooLargeMessage(error.Exception, options);
        if (message is not null)
            await RejectAsync(context, message);
    }

    private static string? TooLargeMessage(Exception? exception, GatewayOptions options)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is GrpcMessageTooLargeException)
                return e.Message;
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
                return $"The request body is larger than the gateway accepts ({options.MaxRequestBodyBytes} bytes).";
        }

        return null;
    }

    private static async Task RejectAsync(HttpContext context, string message)
    {
        var requestContentType = context.Request.ContentType;
        var response = context.Response;
        response.Clear();
        if (IsGrpc(requestContentType) || IsGrpcWeb(requestContentType))
        {
            // A trailers-only gRPC response: the status travels in the headers.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = IsGrpc(requestContentType) ? "application/grpc" : requestContentType;
            response.Headers["grpc-status"] = ResourceExhausted;
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }

        response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(message);
    }

    public static bool IsGrpc(string? contentType) =>
        contentType is not null
        && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
        && !IsGrpcWeb(contentType);

    public static bool IsGrpcWeb(string? contentType) =>
        contentType is not null && contentType.StartsWith(GatewayRoutes.GrpcWebContentType, StringComparison.OrdinalIgnoreCase);
}
