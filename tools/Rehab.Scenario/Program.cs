using Rehab.BuildingBlocks.Security;
using Rehab.Client.Tokens;
using Rehab.Scenario;

// Rehab.Scenario [--gateway http://127.0.0.1:5080] [--sgi-person <person_id>]...
//                                                          drive the referral scenario through the gateway; the tracking
//                                                          step also prints the SGI status of each --sgi-person
// Rehab.Scenario token <role> <organisation> [office...]   print a development token (for curl or grpcurl by hand)
// Auth settings come from the environment (Auth__Issuer, Auth__Audience, Auth__DevSigningKey), as for the services.
if (args.FirstOrDefault() == "token")
{
    if (args.Length < 3 || !Enum.TryParse<Role>(args[1], out var role))
    {
        Console.Error.WriteLine($"usage: token <{string.Join('|', Enum.GetNames<Role>())}> <organisation> [office...]");
        return 2;
    }

    Console.WriteLine(new DevTokenSource(DevTokenSource.AuthFromEnvironment(),
        new DevCaller($"dev-{role}".ToLowerInvariant(), [role], args[2], args[3..])).Issue());
    return 0;
}

var gateway = args.SkipWhile(a => a != "--gateway").Skip(1).FirstOrDefault() ?? "http://127.0.0.1:5080";
var sgiPersons = args.Select((a, i) => (a, i)).Where(x => x.a == "--sgi-person" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
return await ReferralScenario.RunAsync(new Uri(gateway), Console.Out, sgiPersonIds: sgiPersons);
