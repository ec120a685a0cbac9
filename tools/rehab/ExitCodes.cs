using Grpc.Core;
using Rehab.Client.Errors;

namespace Rehab.Cli;

/// <summary>One exit code per error class, so scripts can react without parsing messages.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int InvalidArgument = 3;
    public const int NotFound = 4;
    public const int Conflict = 5;
    public const int AlreadyExists = 6;
    public const int FailedPrecondition = 7;
    public const int PermissionDenied = 8;
    public const int Unavailable = 9;

    public static readonly (int Code, string Meaning)[] Documented =
    [
        (Ok, "success"),
        (Failed, "any other error (e.g. INTERNAL)"),
        (Usage, "usage error: unknown command or option, a missing or malformed argument, no credentials configured"),
        (InvalidArgument, "the platform rejected the input (INVALID_ARGUMENT; field violations are printed)"),
        (NotFound, "not found (NOT_FOUND)"),
        (Conflict, "conflict: the etag is stale, the record changed since it was read (ABORTED)"),
        (AlreadyExists, "already exists (ALREADY_EXISTS)"),
        (FailedPrecondition, "wrong state for this step or a chronology rule (FAILED_PRECONDITION)"),
        (PermissionDenied, "not allowed: token, role, offices or purpose (PERMISSION_DENIED, UNAUTHENTICATED)"),
        (Unavailable, "the gateway could not be reached or did not answer in time (UNAVAILABLE, DEADLINE_EXCEEDED)"),
    ];

    public static int For(RpcException e) => e switch
    {
        RehabValidationException => InvalidArgument,
        RehabNotFoundException => NotFound,
        RehabConflictException => Conflict,
        RehabAlreadyExistsException => AlreadyExists,
        RehabPreconditionException => FailedPrecondition,
        RehabPermissionException => PermissionDenied,
        RehabUnavailableException => Unavailable,
        _ => Failed,
    };
}

/// <summary>A mistake in the command line itself (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
