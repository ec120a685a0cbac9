namespace Rehab.Contracts;

/// <summary>
/// Topic names are part of the wire contract: stable strings, one topic per bounded context (DOMAIN D4).
/// Never derive them from CLR type names.
/// </summary>
public static class Topics
{
    public const string PubSubName = "pubsub";
    public const string Person = "rehab.person.v1";
    public const string Referral = "rehab.referral.v1";
    public const string ReferenceData = "rehab.referencedata.v1";
    public const string JointAssessment = "rehab.jointassessment.v1";
    public const string Facts = "rehab.facts.v1";
    public const string Interventions = "rehab.interventions.v1";
    public const string Transition = "rehab.transition.v1";
    public const string Tracking = "rehab.tracking.v1";
}
