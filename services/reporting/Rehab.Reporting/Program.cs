using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.Reporting.V1;
using Rehab.Reporting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reporting", ReportingService.Descriptor);
builder.AddReportingService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<ReportingGrpcService>();
app.Run();
