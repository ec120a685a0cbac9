using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace Rehab.BuildingBlocks.Security;

public static class AuthenticationRegistration
{
    /// <summary>
    /// JWT bearer authentication from configuration section <c>Auth</c> (<see cref="AuthOptions"/>):
    /// tokens signed with <c>DevSigningKey</c> in the local run and tests, or validated against the OIDC
    /// <c>Authority</c> in production. Claims keep their JWT names (<see cref="RehabClaims"/>).
    /// With a dev key, a <see cref="DevTokenIssuer"/> is registered too.
    /// </summary>
    public static IServiceCollection AddRehabAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var hasDevKey = !string.IsNullOrEmpty(options.DevSigningKey);
        var hasAuthority = !string.IsNullOrEmpty(options.Authority);
        if (hasDevKey == hasAuthority)
        {
            throw new InvalidOperationException(
                "Configure exactly one of Auth:DevSigningKey (local run, tests) and Auth:Authority (OIDC, production)");
        }

        if (hasDevKey)
        {
            if (string.IsNullOrEmpty(options.Issuer)) throw new InvalidOperationException("Auth:Issuer is required with Auth:DevSigningKey");
            _ = options.DevKeyBytes(); // fail at start-up, not at the first call
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        if (hasDevKey) services.TryAddSingleton(sp => new DevTokenIssuer(options, sp.GetRequiredService<TimeProvider>()));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((jwt, time) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TimeProvider = time;
            jwt.Audience = options.Audience;
            var validation = jwt.TokenValidationParameters;
            validation.ValidateIssuer = true;
            validation.ValidateAudience = true;
            validation.ValidAudience = options.Audience;
            validation.NameClaimType = RehabClaims.Subject;
            validation.RoleClaimType = RehabClaims.Role;
            validation.ClockSkew = TimeSpan.FromMinutes(1);
            // Lifetime against the injected clock, so tests that move time keep their tokens consistent.
            validation.LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + p.ClockSkew)
                    && expires is not null && now - p.ClockSkew < expires.Value;
            };
            if (!string.IsNullOrEmpty(options.Issuer)) validation.ValidIssuer = options.Issuer;

            if (hasDevKey)
            {
                validation.IssuerSigningKey = new SymmetricSecurityKey(options.DevKeyBytes());
                validation.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
            else
            {
                jwt.Authority = options.Authority;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            }
        });
        return services;
    }
}
