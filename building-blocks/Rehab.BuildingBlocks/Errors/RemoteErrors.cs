using Google.Rpc;
using Grpc.Core;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.BuildingBlocks.Errors;

/// <summary>
/// Turns an error answered by another service back into the domain exception it stood for, so that it leaves
/// this service through the same mapping (with its details) instead of as a bare status.
/// </summary>
public static class RemoteErrors
{
    /// <param name="fieldPrefix">Prefix for the remote field names, e.g. "" or "person.".</param>
    public static Exception ToDomain(RpcException e, string fieldPrefix = "")
    {
        var status = e.GetRpcStatus();
        return e.StatusCode switch
        {
            StatusCode.InvalidArgument when status?.GetDetail<BadRequest>() is { } bad => new ValidationFailedException(
                bad.FieldViolations.Select(v => new FieldViolation(fieldPrefix + v.Field, v.Description)).ToList()),
            StatusCode.InvalidArgument => new ValidationFailedException(fieldPrefix.TrimEnd('.'), e.Status.Detail),
            StatusCode.NotFound => new NotFoundException(status?.GetDetail<ResourceInfo>()?.ResourceType ?? "resource",
                status?.GetDetail<ResourceInfo>()?.ResourceName ?? ""),
            StatusCode.PermissionDenied => new AccessDeniedException(e.Status.Detail),
            StatusCode.FailedPrecondition => new WrongStateException("remote", e.Status.Detail),
            _ => e,
        };
    }
}
