using Rehab.Scenario;

// Usage: Rehab.Scenario --gateway http://127.0.0.1:5080
// Auth settings come from the environment (Auth__Issuer, Auth__Audience, Auth__DevSigningKey), as for the services.
var gateway = args.SkipWhile(a => a != "--gateway").Skip(1).FirstOrDefault() ?? "http://127.0.0.1:5080";
return await ReferralScenario.RunAsync(new Uri(gateway), Console.Out);
