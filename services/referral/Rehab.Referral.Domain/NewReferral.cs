using Rehab.BuildingBlocks.Domain;

namespace Rehab.Referral.Domain;

/// <summary>
/// What FK records when it identifies a rehabilitation need (CreateReferralRequest, with the identity
/// number already resolved to the surrogate <see cref="PersonId"/> and its <see cref="BirthDate"/>).
/// <see cref="ReferralId"/> and <see cref="PersonId"/> are minted by the service, not caller input.
/// </summary>
public sealed record NewReferral(
    string ReferralId,
    string PersonId,
    string? SickCaseId,
    DateOnly? SickCaseStartDate,
    IReadOnlyList<BenefitType>? BenefitTypes,
    Gender Gender,
    string? FkOfficeId,
    ImpulseSource ImpulseSource,
    bool HasEmployer,
    DateOnly BirthDate,
    DateOnly? EffectiveDate);
