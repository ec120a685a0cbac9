namespace Rehab.BuildingBlocks.Domain;

/// <summary>A rule of the domain was broken. Each subtype maps to exactly one gRPC status.</summary>
public abstract class DomainException(string message) : Exception(message);

public sealed record FieldViolation(string Field, string Description);

/// <summary>The input is malformed or impossible (INVALID_ARGUMENT with field violations).</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldViolation> violations)
    : DomainException(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public ValidationFailedException(string field, string description) : this([new FieldViolation(field, description)]) { }
}

/// <summary>The record is not in a state that allows the command (FAILED_PRECONDITION).</summary>
public sealed class WrongStateException(string rule, string message) : DomainException(message)
{
    /// <summary>A stable, machine-readable name of the broken rule, e.g. "referral.transition".</summary>
    public string Rule { get; } = rule;
}

/// <summary>The record does not exist (NOT_FOUND).</summary>
public sealed class NotFoundException(string resource, string id)
    : DomainException($"{resource} '{id}' was not found")
{
    public string Resource { get; } = resource;
    public string Id { get; } = id;
}

/// <summary>A uniqueness rule is violated (ALREADY_EXISTS), e.g. a second open referral (D16).</summary>
public sealed class AlreadyExistsException(string resource, string message, string existingId) : DomainException(message)
{
    public string Resource { get; } = resource;
    public string ExistingId { get; } = existingId;
}

/// <summary>The caller read an older version than the stored one (ABORTED: re-read and retry).</summary>
public sealed class ConcurrencyConflictException(string resource, string id)
    : DomainException($"{resource} '{id}' was changed by someone else; read it again and retry")
{
    public string Resource { get; } = resource;
    public string Id { get; } = id;
}

/// <summary>The caller may not act on this record (PERMISSION_DENIED), e.g. another office's case.</summary>
public sealed class AccessDeniedException(string message) : DomainException(message);
