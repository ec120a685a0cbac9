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

/// <summary>The person's situation at a benefit decision (rehab.facts.v1.EmploymentStatus): decides SGI applicability (D10) and the Tabell 5 population (M7).</summary>
public enum EmploymentStatus
{
    Unspecified = 0,
    Employed = 1,
    Unemployed = 2,
    Student = 3,
    ParentalLeave = 4,
    SelfEmployed = 5,
    Other = 6,
}

/// <summary>AF's job-seeker category (SKAT) in the report groups (DOMAIN §5.14; rehab.facts.v1.RegistrationStatus).</summary>
public enum RegistrationStatus
{
    Unspecified = 0,
    InCooperation = 1,
    SubsidisedEmployment = 2,
    Programme = 3,
    Amu = 4,
    OpenlyUnemployed = 5,
    OtherRegistered = 6,
}

/// <summary>Why an AF registration spell ended (DOMAIN §5.14; rehab.facts.v1.DeregistrationReason).</summary>
public enum DeregistrationReason
{
    Unspecified = 0,
    UnsubsidisedWork = 1,
    Samhall = 2,
    RegularEducation = 3,
    /// <summary>"känd orsak": mostly a return to FK.</summary>
    KnownReason = 4,
    UnknownReason = 5,
    Other = 6,
}

/// <summary>The occupation after a participation's closure (DOMAIN §5.13; rehab.interventions.v1.OccupationAfterClosure).</summary>
public enum OccupationAfterClosure
{
    Unspecified = 0,
    OpenJobSeeker = 1,
    AfProgramme = 2,
    LabourMarketTraining = 3,
    EmploymentSubsidised = 4,
    SamhallEmployment = 5,
    EmploymentUnsubsidised = 6,
    SelfEmployed = 7,
    RegularStudies = 8,
    WorkLifeIntroduction = 9,
    ReturnedToFk = 10,
    None = 11,
    NotEvident = 12,
}

/// <summary>DOMAIN §5.4, in its order (a joint assessment's planned interventions, an intervention's type).</summary>
public enum InterventionType
{
    Unspecified = 0,
    Mapping = 1,
    Guidance = 2,
    WorkplaceRehabilitation = 3,
    GuidanceConversation = 4,
    GroupActivity = 5,
    PsychologistConversation = 6,
    InvestigativeIntervention = 7,
    SkillsRaising = 8,
    WorkTraining = 9,
    WorkPlacement = 10,
    JobSearchActivity = 11,
    WorkplaceAdaptationTalk = 12,
    StudyVisit = 13,
    SpecialistIntervention = 14,
    DigitalSelfService = 15,
    MedicalRehabilitation = 16,
    TraineeProgramme = 17,
    FlexibleAdaptationModules = 18,
    ComplementaryActor = 19,
    PersonalAssistantGrant = 20,
    AssistiveDeviceGrant = 21,
    Sius = 22,
    WorkTrialBeforeWageSubsidySamhall = 23,
    SubsidisedEmploymentDecision = 24,
    FrameworkWorkTraining = 25,
    FrameworkEnhancedWorkTraining = 26,
}
