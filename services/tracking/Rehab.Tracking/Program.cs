using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.Tracking.V1;
using Rehab.Tracking;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("tracking", TrackingService.Descriptor);
builder.AddTrackingService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<TrackingGrpcService>();
app.Run();
