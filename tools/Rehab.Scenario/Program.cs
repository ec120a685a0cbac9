using Rehab.Scenario;

// Rehab.Scenario [--gateway http://127.0.0.1:5080] [--sgi-person <person_id>]...
//                                                          drive the referral scenario through the gateway; the tracking
//                                                          step also prints the SGI status of each --sgi-person
// Auth settings come from the environment (Auth__Issuer, Auth__Audience, Auth__DevSigningKey), as for the services.
// Tokens for calls by hand: `rehab token --role <role> --office <office>` (tools/rehab).

var gateway = args.SkipWhile(a => a != "--gateway").Skip(1).FirstOrDefault() ?? "http://127.0.0.1:5080";
var sgiPersons = args.Select((a, i) => (a, i)).Where(x => x.a == "--sgi-person" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
return await ReferralScenario.RunAsync(new Uri(gateway), Console.Out, sgiPersonIds: sgiPersons);
