using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.JointAssessment.V1;
using Rehab.JointAssessment;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("joint-assessment", JointAssessmentService.Descriptor);
builder.AddJointAssessmentService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<JointAssessmentGrpcService>();
app.Run();
