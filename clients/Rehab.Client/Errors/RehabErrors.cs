using Google.Rpc;
using Grpc.Core;

namespace Rehab.Client.Errors;

/// <summary>Reads the google.rpc details the platform's error mapping puts on every status (docs/architecture.md, "Errors").</summary>
public static class RehabErrors
{
    /// <summary>The typed exception for <paramref name="e"/>, or <paramref name="e"/> itself for statuses without one (e.g. INTERNAL).</summary>
    public static RpcException Translate(RpcException e)
    {
        if (e is RehabException) return e;
        var status = e.GetRpcStatus();
        var resource = status?.GetDetail<ResourceInfo>();
        return e.StatusCode switch
        {
            StatusCode.InvalidArgument => new RehabValidationException(e,
                status?.GetDetail<BadRequest>()?.FieldViolations.Select(v => new FieldViolation(v.Field, v.Description)).ToList() ?? []),
            StatusCode.Aborted => Conflict(e, status?.GetDetail<ErrorInfo>()),
            StatusCode.NotFound => new RehabNotFoundException(e, resource?.ResourceType, resource?.ResourceName),
            StatusCode.AlreadyExists => new RehabAlreadyExistsException(e, resource?.ResourceType, resource?.ResourceName),
            StatusCode.FailedPrecondition => new RehabPreconditionException(e,
                status?.GetDetail<PreconditionFailure>()?.Violations.FirstOrDefault()?.Type),
            StatusCode.PermissionDenied or StatusCode.Unauthenticated => new RehabPermissionException(e),
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => new RehabUnavailableException(e),
            _ => e,
        };
    }

    private static RehabConflictException Conflict(RpcException e, ErrorInfo? info) => new(e,
        info?.Metadata.TryGetValue("resource", out var resource) == true ? resource : null,
        info?.Metadata.TryGetValue("id", out var id) == true ? id : null);
}
