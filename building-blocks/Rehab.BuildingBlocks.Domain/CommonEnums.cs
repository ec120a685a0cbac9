namespace Rehab.BuildingBlocks.Domain;

// Plain mirrors of rehab.common.v1 (protos/rehab/common/v1/common.proto), shared by every domain.
// The numeric values are the proto values, so services map them with a cast.

/// <summary>DOMAIN §5.1. Repeated wherever used: benefits overlap.</summary>
public enum BenefitType
{
    Unspecified = 0,
    SicknessBenefit = 1,
    SicknessBenefitSpecialCases = 2,
    RehabilitationBenefit = 3,
    RehabilitationBenefitSpecialCases = 4,
    ActivityCompensation = 5,
    SicknessCompensation = 6,
    PreventiveSicknessBenefit = 7,
    RehabilitationCompensation = 8,
    ActivitySupport = 9,
    SocialAssistance = 10,
    NoSgi = 11,
    Other = 12,
}

/// <summary>DOMAIN §5.2. Unspecified is allowed and counts in totals only.</summary>
public enum Gender
{
    Unspecified = 0,
    Woman = 1,
    Man = 2,
}

/// <summary>How the individual's act was conveyed when an officer records it on their behalf (D2).</summary>
public enum Channel
{
    Unspecified = 0,
    InPerson = 1,
    Phone = 2,
    Digital = 3,
    Letter = 4,
}
