using Rehab.BuildingBlocks.Messaging;
using Rehab.BuildingBlocks.Persistence;
using Rehab.Contracts;

namespace Rehab.Reporting;

/// <summary>Configuration section <c>Reporting</c>.</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>Below national level, cells whose population is under this are suppressed (§9.12); the national report is the published view.</summary>
    public int SmallCellThreshold { get; set; } = 5;

    /// <summary>T16: the planned joint assessments per year (at least 10 000).</summary>
    public long PlannedJointAssessmentsPerYear { get; set; } = 10_000;
}

public static class ReportingExtensions
{
    /// <summary>The topics whose events the reports read; every event whose fold gives input rows is kept.</summary>
    public static readonly string[] InputTopics =
        [Topics.Person, Topics.Referral, Topics.JointAssessment, Topics.Interventions, Topics.Transition, Topics.Facts, Topics.ReferenceData];

    public static WebApplicationBuilder AddReportingService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReportingOptions>().Bind(builder.Configuration.GetSection(ReportingOptions.Section));
        services.AddKeyedAppendLog(builder.Configuration);
        services.AddSingleton<ReportInputStore>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportInputStore>());
        // Every event type on each topic: the fold decides what is kept (an event id is unique, so one handler and inbox serve all topics).
        foreach (var topic in InputTopics) services.AddEventHandler<ReportInputsHandler>(topic);
        return builder;
    }
}
