using Grpc.Core;

namespace Rehab.Client.Errors;

/// <summary>
/// An error the platform answered, typed by what the caller should do about it. Each is still an
/// <see cref="RpcException"/> (status and trailers intact), so code written against plain gRPC keeps working.
/// </summary>
public abstract class RehabException : RpcException
{
    protected RehabException(RpcException answer) : base(answer.Status, answer.Trailers, answer.Status.Detail)
    {
    }

    protected RehabException(StatusCode code, string detail) : base(new Status(code, detail), detail)
    {
    }
}

/// <summary>One violated input field: its proto field name and what is wrong.</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>INVALID_ARGUMENT: the request is wrong; <see cref="Violations"/> name the fields. Do not retry unchanged.</summary>
public sealed class RehabValidationException(RpcException answer, IReadOnlyList<FieldViolation> violations) : RehabException(answer)
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}

/// <summary>ABORTED: the etag sent is stale — someone changed the record since it was read. Re-read, decide again, retry.</summary>
public sealed class RehabConflictException(RpcException answer, string? resource, string? id) : RehabException(answer)
{
    public string? Resource { get; } = resource;

    public string? Id { get; } = id;
}

/// <summary>NOT_FOUND: the record does not exist (or is not visible to the caller).</summary>
public sealed class RehabNotFoundException(RpcException answer, string? resource, string? id) : RehabException(answer)
{
    public string? Resource { get; } = resource;

    public string? Id { get; } = id;
}

/// <summary>ALREADY_EXISTS: a record with the same natural key exists; <see cref="ExistingId"/> names it.</summary>
public sealed class RehabAlreadyExistsException(RpcException answer, string? resource, string? existingId) : RehabException(answer)
{
    public string? Resource { get; } = resource;

    public string? ExistingId { get; } = existingId;
}

/// <summary>FAILED_PRECONDITION: the record is in the wrong state for this step, or a chronology rule is broken (<see cref="Rule"/>).</summary>
public sealed class RehabPreconditionException(RpcException answer, string? rule) : RehabException(answer)
{
    public string? Rule { get; } = rule;
}

/// <summary>PERMISSION_DENIED or UNAUTHENTICATED: the caller's token, role, offices or purpose do not allow the call.</summary>
public sealed class RehabPermissionException : RehabException
{
    public RehabPermissionException(RpcException answer) : base(answer)
    {
    }

    public RehabPermissionException(string detail) : base(StatusCode.Unauthenticated, detail)
    {
    }
}

/// <summary>UNAVAILABLE or DEADLINE_EXCEEDED: the platform could not be reached or did not answer in time (after the library's retries).</summary>
public sealed class RehabUnavailableException(RpcException answer) : RehabException(answer);
