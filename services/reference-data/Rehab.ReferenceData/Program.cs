using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.ReferenceData.V1;
using Rehab.ReferenceData;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("reference-data", ReferenceDataService.Descriptor);
builder.AddReferenceData();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<ReferenceDataGrpcService>();
app.Run();
