using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.Referral.V1;
using Rehab.Referral;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("referral", ReferralService.Descriptor);
builder.AddReferralService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<ReferralGrpcService>();
app.Run();
