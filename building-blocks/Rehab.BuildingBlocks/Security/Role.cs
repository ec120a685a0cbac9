namespace Rehab.BuildingBlocks.Security;

/// <summary>The v1 roles (DOMAIN D2). The names are the values of the token's <c>role</c> claim.</summary>
public enum Role
{
    FkCaseOfficer,
    AfEmploymentOfficer,
    AfSpecialist,
    Provider,
    Samordningsforbund,
    Analyst,
    DataProtectionOfficer,
    Operator,
    /// <summary>System-to-system import (DOMAIN D9).</summary>
    System,
}
