using System.Text.Json.Serialization;
using Rehab.BuildingBlocks.Domain;

namespace Rehab.JointAssessment.Domain;

/// <summary>
/// The referral context's latest consent decision for one referral (D6), kept whether or not its round exists yet: a consent
/// change and the booking that opens the round may be handled in either order, so each side writes first and then looks for
/// the other. Withdrawn and Refused are final in the referral context, so a later Given is a stale delivery and changes nothing.
/// </summary>
public sealed record ReferralConsent : IHasUniqueKeys
{
    public string ReferralId { get; init; } = "";
    public ConsentState State { get; init; }
    public DateOnly EffectiveDate { get; init; }

    [JsonIgnore]
    public IReadOnlyCollection<string> UniqueKeys => [Key(ReferralId)];

    public static string Key(string referralId) => $"consent:{referralId}";

    public static Change<ReferralConsent> Record(string referralId, ConsentState state, DateOnly effectiveDate) =>
        new(new ReferralConsent { ReferralId = referralId, State = state, EffectiveDate = effectiveDate }, []);

    public Change<ReferralConsent> Decide(ConsentState state, DateOnly effectiveDate) =>
        State is ConsentState.Withdrawn or ConsentState.Refused || (State == state && EffectiveDate == effectiveDate)
            ? new(this, [])
            : new(this with { State = state, EffectiveDate = effectiveDate }, []);
}
