using Rehab.Testing.Platform;
using Rehab.Scenario;
using Rehab.Testing;
using Xunit;

namespace Rehab.Client.Tests;

/// <summary>The local run's scenario, now on the client library, against the running platform (./run.sh runs the same code).</summary>
[Trait("Tier", "Redis")]
[Collection(PlatformCollection.Name)]
public sealed class ScenarioTests(PlatformFixture fixture)
{
    [Fact]
    public async Task The_scenario_books_a_referral_runs_the_joint_assessment_to_a_plan_and_reports_every_service_healthy()
    {
        using var output = new StringWriter();
        var code = await ReferralScenario.RunAsync(fixture.Platform.GatewayGrpcAddress, output, DevTokens.Options);
        var text = output.ToString();
        Assert.True(code == 0, text);
        Assert.Contains("AF: joint assessment booked", text, StringComparison.Ordinal);
        Assert.Contains("state=Converted", text, StringComparison.Ordinal);
        Assert.Matches(@"FK: rehabilitation plan established\s+state=Concluded", text);
        Assert.Matches(@"AF: participation started \(insured 40 h\)\s+state=Active", text);
        Assert.Matches(@"FK: closure decided\s+state=Closed", text);
        Assert.Matches(@"AF: registration support accepted\s+state=Completed", text);
        Assert.Matches(@"person A after the omställningsmöte: registered at AF [0-9-]+ after the meeting; SGI deadline [0-9-]+: in time", text);
        Assert.Matches(@"Tracking: case timeline of referral", text);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}  FirstJointAssessmentMeeting", text);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}  ParticipationClosed", text);
        Assert.Matches(@"LT10 +\d+ days", text);
        Assert.Matches(@"LT5\s+7 days", text);
        Assert.Matches(@"Tracking: SGI of person \S+: Protected, registered", text);
        Assert.Matches(@"Tracking: SGI of person \S+: AtRisk, deadline", text);
        Assert.Contains("gateway health rehab.referral.v1.ReferralService", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NotServing", text, StringComparison.Ordinal);
        Assert.DoesNotContain("19121212", text, StringComparison.Ordinal);
        Assert.Matches(@"System: ImportFacts\(scenario-\w+\) -> recorded \d+, corrected \d+, unchanged \d+, rejected 0", text);
        Assert.Matches(@"person A person_id=[0-9a-f-]{36}: .* inside the SGI window", text);
        Assert.Matches(@"person B person_id=[0-9a-f-]{36}: .* not registered at AF", text);
        Assert.DoesNotContain("19811218", text, StringComparison.Ordinal);
        Assert.EndsWith("Scenario completed." + Environment.NewLine, text, StringComparison.Ordinal);
    }
}
