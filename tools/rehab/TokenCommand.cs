namespace Rehab.Cli;

/// <summary><c>rehab token</c>: prints the development token the other commands would send, for curl or grpcurl by hand.</summary>
internal static class TokenCommand
{
    public static CommandSpec Spec { get; } = new("token", "", "Prints a development token for --role/--org/--office/--subject.", [], [],
        inv =>
        {
            if (inv.DevCaller() is null) throw new UsageException("rehab token: --role is required");
            inv.Out.Writer.WriteLine(((Client.Tokens.DevTokenSource)inv.Tokens()!).Issue());
            return Task.FromResult(ExitCodes.Ok);
        },
        "Signed with Auth__DevSigningKey (./run.sh writes it to .local/dev-signing-key). Example:\n"
        + "  curl -H \"authorization: Bearer $(rehab token --role FkCaseOfficer --office fk-stockholm-city)\" \\\n"
        + "       -H \"x-rehab-purpose: case handling\" http://127.0.0.1:5081/v1/referrals");
}
