using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Rehab.Testing.Platform;

public static class RpcAssert
{
    /// <summary>The call fails with <paramref name="code"/> and its message or details name <paramref name="expected"/>.</summary>
    public static async Task<RpcException> FailsAsync(StatusCode code, string expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == code, $"expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        var details = error.GetRpcStatus();
        var text = error.Status.Detail + " " + string.Join(" ",
            details?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field + ": " + v.Description) ?? []) + " " + string.Join(" ",
            details?.GetDetail<PreconditionFailure>()?.Violations.Select(v => v.Type) ?? []);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        return error;
    }

    public static string? ViolatedField(RpcException e) => e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.FirstOrDefault()?.Field;
}
