namespace Rehab.Interventions.Domain;

// Plain mirrors of the contract enums (protos/rehab/interventions/v1/interventions.proto). The numeric values are the
// proto values, so the service maps them with a cast. Generated once from the proto; keep them in step.

public enum ParticipationState
{
    Unspecified = 0,
    Planned = 1,
    Active = 2,
    OnHold = 3,
    ClosureProposed = 4,
    Closed = 5,
}

public enum InterventionState
{
    Unspecified = 0,
    Decided = 1,
    Ongoing = 2,
    Ended = 3,
    Cancelled = 4,
}

public enum InterventionEndReason
{
    Unspecified = 0,
    Completed = 1,
    Interrupted = 2,
    Expired = 3,
    Replaced = 4,
}

public enum InterventionOrientation
{
    Unspecified = 0,
    WorkPreparatory = 1,
    WorkOriented = 2,
}

public enum DeliveryRegi
{
    Unspecified = 0,
    Own = 1,
    OwnPlus = 2,
    Procured = 3,
    ProcuredPlus = 4,
    SamordningsforbundFunded = 5,
    EsfProject = 6,
    Municipality = 7,
    Healthcare = 8,
    Employer = 9,
}

public enum LegalBasis
{
    Unspecified = 0,
    Ordinance2000_634 = 1,
    Ordinance2017_462 = 2,
    NoProgrammeQuarterRule = 3,
    SamordningsforbundFunding = 4,
}

public enum NamedService
{
    Unspecified = 0,
    Inab = 1,
    Aup = 2,
    Aop = 3,
    Sta = 4,
    GalaxenBygg = 5,
}

public enum SpecialistType
{
    Unspecified = 0,
    Psychologist = 1,
    SocialWorker = 2,
    OccupationalTherapist = 3,
    Physiotherapist = 4,
    VisionSpecialist = 5,
    TeacherOfTheDeaf = 6,
    DeafConsultant = 7,
    Audiologist = 8,
    Sius = 9,
    None = 10,
}

public enum FollowUpMode
{
    Unspecified = 0,
    Physical = 1,
    Digital = 2,
    Phone = 3,
    Email = 4,
}

public enum FollowUpParticipant
{
    Unspecified = 0,
    Individual = 1,
    FkCaseOfficer = 2,
    AfOfficer = 3,
    AfSpecialist = 4,
    Provider = 5,
    Healthcare = 6,
    Employer = 7,
    Municipality = 8,
}

public enum GoalStatus
{
    Unspecified = 0,
    Met = 1,
    PartlyMet = 2,
    NotMet = 3,
}

public enum HealthChange
{
    Unspecified = 0,
    Improved = 1,
    Unchanged = 2,
    Deteriorated = 3,
}

public enum ProgressLevel
{
    Unspecified = 0,
    AsPlanned = 1,
    SlowerThanPlanned = 2,
    NoProgress = 3,
    ReadyForNextStep = 4,
}

public enum ClosureInitiator
{
    Unspecified = 0,
    Individual = 1,
    Af = 2,
    Fk = 3,
    Healthcare = 4,
    Other = 5,
}

public enum ClosureReason
{
    Unspecified = 0,
    WorkWithoutSupport = 1,
    WorkWithSupport = 2,
    RegularStudies = 3,
    LabourMarketTraining = 4,
    StartedBusiness = 5,
    RehabBenefitStopped = 6,
    ActionPlanGoalAchieved = 7,
    NoLongerReducedCapacity = 8,
    DoesNotDevelopWorkCapacity = 9,
    DoesNotWantSupport = 10,
    HealthDeterioratedRelated = 11,
    HealthDeterioratedUnrelated = 12,
    CannotBenefitMedically = 13,
    Other = 14,
}

public enum Outcome
{
    Unspecified = 0,
    WorkCapacityAchieved = 1,
    RemainsInSicknessInsurance = 2,
    Unknown = 3,
}

public enum UnknownOutcomeReason
{
    Unspecified = 0,
    LostContact = 1,
    MovedAbroad = 2,
    Deceased = 3,
    InformationMissing = 4,
    Other = 5,
}

