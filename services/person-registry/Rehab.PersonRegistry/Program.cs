using Rehab.BuildingBlocks.Hosting;
using Rehab.Contracts.Person.V1;
using Rehab.PersonRegistry;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("person-registry", PersonRegistryService.Descriptor);
builder.AddPersonRegistry();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<PersonRegistryGrpcService>();
app.Run();
