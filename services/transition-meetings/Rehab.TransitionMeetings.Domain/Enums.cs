namespace Rehab.TransitionMeetings.Domain;

// Plain mirrors of the contract enums (protos/rehab/transition/v1/transition.proto and rehab/facts/v1/facts.proto). The numeric
// values are the proto values, so the service maps them with a cast.

public enum MeetingType
{
    Unspecified = 0,
    /// <summary>Kontaktmöte (DOMAIN §3d).</summary>
    ContactMeeting = 1,
    /// <summary>Omställningsmöte (DOMAIN §3e).</summary>
    TransitionMeeting = 2,
}

public enum MeetingState
{
    Unspecified = 0,
    Eligible = 1,
    Triggered = 2,
    Offered = 3,
    Accepted = 4,
    Declined = 5,
    Held = 6,
    NoShow = 7,
    RegistrationSupportOffered = 8,
    Completed = 9,
}

/// <summary>DOMAIN §5.15 (D12, Q2).</summary>
public enum TransitionTrigger
{
    Unspecified = 0,
    SicknessBenefitRefusalConsidered = 1,
    ActivityCompensationRefused = 2,
    SicknessCompensationRefused = 3,
}

public enum MeetingMode
{
    Unspecified = 0,
    Physical = 1,
    Digital = 2,
    Phone = 3,
}

public enum Participant
{
    Unspecified = 0,
    Individual = 1,
    FkCaseOfficer = 2,
    AfOfficer = 3,
    Employer = 4,
    Healthcare = 5,
    Other = 6,
}

public enum Response
{
    Unspecified = 0,
    Accepted = 1,
    Declined = 2,
}

/// <summary>rehab.facts.v1.DecisionKind.</summary>
public enum DecisionKind
{
    Unspecified = 0,
    Grant = 1,
    Refusal = 2,
    Cessation = 3,
}

