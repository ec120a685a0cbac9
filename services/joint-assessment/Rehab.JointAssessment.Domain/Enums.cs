namespace Rehab.JointAssessment.Domain;

// Plain mirrors of the contract enums (protos/rehab/jointassessment/v1/joint_assessment.proto, rehab/common/v1,
// rehab/referral/v1 ConsentState). The numeric values are the proto values, so the service maps them with a cast.

/// <summary>DOMAIN §3b. <see cref="Concluded"/> carries a <see cref="Conclusion"/>.</summary>
public enum JointAssessmentState
{
    Unspecified = 0,
    Scheduled = 1,
    Informed = 2,
    InProgress = 3,
    Planning = 4,
    Concluded = 5,
    Cancelled = 6,
}

public enum Conclusion
{
    Unspecified = 0,
    PlanAgreed = 1,
    NotProceeding = 2,
    Declined = 3,
}

/// <summary>DOMAIN T13: Pre2023 has joint-assessment meetings; Revised2023 an information, then a planning meeting.</summary>
public enum ProcessVersion
{
    Unspecified = 0,
    Pre2023 = 1,
    Revised2023 = 2,
}

public enum MeetingType
{
    Unspecified = 0,
    JaInformation = 1,
    JaPlanning = 2,
    JaLegacy = 3,
}

public enum MeetingMode
{
    Unspecified = 0,
    Physical = 1,
    Digital = 2,
    Phone = 3,
}

public enum MeetingStatus
{
    Unspecified = 0,
    Scheduled = 1,
    Held = 2,
    Cancelled = 3,
    NoShow = 4,
}

public enum Participant
{
    Unspecified = 0,
    Individual = 1,
    FkCaseOfficer = 2,
    AfOfficer = 3,
    Healthcare = 4,
    Employer = 5,
    Municipality = 6,
    AfSpecialist = 7,
}

/// <summary>DOMAIN §5.8.</summary>
public enum CancellationReason
{
    Unspecified = 0,
    IndividualIll = 1,
    ChildIll = 2,
    FamilyReasons = 3,
    FkOfficerCancelled = 4,
    AfOfficerCancelled = 5,
    Miscommunication = 6,
    Other = 7,
}

public enum Stability
{
    Unspecified = 0,
    Stable = 1,
    Unstable = 2,
}

public enum FirstOrientation
{
    Unspecified = 0,
    WorkPreparatory = 1,
    WorkOriented = 2,
}

/// <summary>DOMAIN §5.10 (multi-select).</summary>
public enum NotProceedingReason
{
    Unspecified = 0,
    CannotBenefitFromAfInterventions = 1,
    NotReadyForRehabilitation = 2,
    DeclinedByIndividual = 3,
    NoPlacementAvailable = 4,
    ReferredSamordningsforbund = 5,
    ReferredEsfProject = 6,
    ReferredHealthcare = 7,
    ReferredMunicipality = 8,
    ReferredSocialEnterprise = 9,
    ReferredOtherActor = 10,
    ReturnToFk = 11,
    Other = 12,
}

/// <summary>The referral context's consent (D6), as projected here.</summary>
public enum ConsentState
{
    Unspecified = 0,
    NotRequested = 1,
    Requested = 2,
    Given = 3,
    Refused = 4,
    Withdrawn = 5,
}

/// <summary>Why a whole round is cancelled [INF].</summary>
public enum RoundCancellationReason
{
    Unspecified = 0,
    BookedInError = 1,
    Duplicate = 2,
    SickCaseEnded = 3,
    IndividualUnreachable = 4,
    Other = 5,
}
