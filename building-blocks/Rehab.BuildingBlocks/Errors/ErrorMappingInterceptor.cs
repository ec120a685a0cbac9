using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Errors;

/// <summary>
/// The one path by which errors leave a service: domain exceptions become their gRPC status with
/// google.rpc details; nothing a caller did wrong ever surfaces as UNKNOWN or INTERNAL.
/// </summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        var status = ToStatus(e);
        if (status is null)
        {
            // Exception messages can carry anything; log the type and the method only.
            logger.LogError("Unhandled {ExceptionType} in {Method}", e.GetType().FullName, context.Method);
            status = new Google.Rpc.Status { Code = (int)Code.Internal, Message = "internal error; the request id is in the trace" };
        }

        return status.ToRpcException();
    }

    public static Google.Rpc.Status? ToStatus(Exception e) => e switch
    {
        ValidationFailedException v => WithDetail(Code.InvalidArgument, v.Message, new BadRequest
        {
            FieldViolations =
            {
                v.Violations.Select(f => new BadRequest.Types.FieldViolation { Field = f.Field, Description = f.Description }),
            },
        }),
        WrongStateException w => WithDetail(Code.FailedPrecondition, w.Message, new PreconditionFailure
        {
            Violations = { new PreconditionFailure.Types.Violation { Type = w.Rule, Subject = w.Rule, Description = w.Message } },
        }),
        NotFoundException n => WithDetail(Code.NotFound, n.Message, new ResourceInfo
        {
            ResourceType = n.Resource, ResourceName = n.Id, Description = n.Message,
        }),
        AlreadyExistsException a => WithDetail(Code.AlreadyExists, a.Message, new ResourceInfo
        {
            ResourceType = a.Resource, ResourceName = a.ExistingId, Description = a.Message,
        }),
        ConcurrencyConflictException c => WithDetail(Code.Aborted, c.Message, new ErrorInfo
        {
            Reason = "ETAG_MISMATCH", Domain = "rehab.platform", Metadata = { ["resource"] = c.Resource, ["id"] = c.Id },
        }),
        AccessDeniedException d => new Google.Rpc.Status { Code = (int)Code.PermissionDenied, Message = d.Message },
        OperationCanceledException => new Google.Rpc.Status { Code = (int)Code.Cancelled, Message = "the call was cancelled" },
        _ => null,
    };

    private static Google.Rpc.Status WithDetail(Code code, string message, Google.Protobuf.IMessage detail) =>
        new() { Code = (int)code, Message = message, Details = { Any.Pack(detail) } };
}
