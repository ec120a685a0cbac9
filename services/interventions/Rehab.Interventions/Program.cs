using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.Interventions.V1;
using Rehab.Interventions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("interventions", InterventionsService.Descriptor, ProviderReportingService.Descriptor);
builder.AddInterventionsService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<InterventionsGrpcService>();
app.MapGrpcService<ProviderReportingGrpcService>();
app.Run();
