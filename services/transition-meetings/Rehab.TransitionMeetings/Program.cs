using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.Transition.V1;
using Rehab.TransitionMeetings;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("transition-meetings", TransitionMeetingsService.Descriptor);
builder.AddTransitionMeetingsService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<TransitionMeetingsGrpcService>();
app.Run();
