using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.Facts.V1;
using Rehab.Facts;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("facts", FactsService.Descriptor);
builder.AddFactsService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<FactsGrpcService>();
app.Run();
