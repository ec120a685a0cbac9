namespace Rehab.Referral.Domain;

// Plain mirrors of the contract enums (protos/rehab/referral/v1/referral.proto, rehab/common/v1/common.proto).
// The numeric values are the proto values, so the service maps them with a cast.

/// <summary>DOMAIN §3a as amended by D6, D7: booking converts the referral.</summary>
public enum ReferralState
{
    Unspecified = 0,
    NeedIdentified = 1,
    Preparing = 2,
    AwaitingConsent = 3,
    ReadyToSend = 4,
    Sent = 5,
    Received = 6,
    Converted = 7,
    ConsentRefused = 8,
    Withdrawn = 9,
    Rejected = 10,
}

public enum ConsentState
{
    Unspecified = 0,
    NotRequested = 1,
    Requested = 2,
    Given = 3,
    Refused = 4,
    Withdrawn = 5,
}

/// <summary>Who gave the impulse to identify the rehabilitation need (DOMAIN §5.15).</summary>
public enum ImpulseSource
{
    Unspecified = 0,
    Fk = 1,
    Af = 2,
    Individual = 3,
    CertifyingPhysician = 4,
    Other = 5,
}

/// <summary>FK's personal contact before the joint assessment (DOMAIN §5.15).</summary>
public enum PreparatoryContactType
{
    Unspecified = 0,
    Sassam = 1,
    PersonalMeeting = 2,
    Reconciliation = 3,
    Phone = 4,
    HealthcareContact = 5,
    EmployerContact = 6,
    InDepthMedicalInvestigation = 7,
    FmrConsultation = 8,
}

/// <summary>Why AF rejects FK's request.</summary>
public enum RejectionReason
{
    Unspecified = 0,
    IncompleteRequest = 1,
    NotInTargetGroup = 2,
    AlreadyInCooperation = 3,
    Other = 4,
}

/// <summary>Why FK withdraws the referral.</summary>
public enum WithdrawalReason
{
    Unspecified = 0,
    IndividualRequest = 1,
    ReturnedToWork = 2,
    HealthDeteriorated = 3,
    NoLongerEntitled = 4,
    RegisteredInError = 5,
    Other = 6,
}

