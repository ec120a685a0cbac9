using Rehab.BuildingBlocks.Domain;

namespace Rehab.Referral.Domain;

/// <summary>FK's personal contact before the joint assessment (DOMAIN §3a, Preparing ↺).</summary>
public sealed record PreparatoryContact(PreparatoryContactType ContactType, DateOnly ContactDate);

/// <summary>
/// The individual's consent to share data between the agencies. Owned by the referral (D6);
/// <see cref="Channel"/> is the channel of the latest decision recorded on the individual's behalf.
/// </summary>
public sealed record Consent
{
    public static Consent NotRequested { get; } = new();

    public ConsentState State { get; init; } = ConsentState.NotRequested;
    public DateOnly? ConsentRequestedDate { get; init; }
    public DateOnly? ConsentGivenDate { get; init; }
    public DateOnly? ConsentRefusedDate { get; init; }
    public DateOnly? ConsentWithdrawnDate { get; init; }
    public Channel Channel { get; init; }
}

/// <summary>AF's booking of the first joint-assessment meeting (D7). <see cref="BookedDate"/> is when the booking was made.</summary>
public sealed record Booking(DateTimeOffset MeetingAt, string AfOfficeId, string AfOfficerId, DateOnly BookedDate);
