using Microsoft.AspNetCore.Authentication;

namespace InstaUploader.Web.Features.Auth;

public static class AuthExtensions
{
    public const string WorkerPolicy = "Worker";
    public const string OperatorPolicy = "Operator";
    public const string MachinePolicy = "Machine";

    public static IHostApplicationBuilder AddApiAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiAuthOptions>()
            .Configure<IConfiguration>((o, config) => ApiAuthOptions.FromConfiguration(config, o))
            .ValidateDataAnnotations()
            .Validate(o => WorkerIpAllowlist.TryParse(o.WorkerAllowedIps, out _),
                "WORKER_ALLOWED_IPS must be a comma-separated list of IP addresses or CIDRs (e.g. 10.0.0.0/8, 192.168.1.5).")
            .ValidateOnStart();
        builder.Services.AddSingleton<WorkerTokenService>();
        builder.Services.AddSingleton<WorkerIpAllowlist>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(WorkerPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(ApiTokenAuthenticationHandler.WorkerRole))
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(ApiTokenAuthenticationHandler.OperatorRole))
            .AddPolicy(MachinePolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(ApiTokenAuthenticationHandler.WorkerRole, ApiTokenAuthenticationHandler.OperatorRole));
        return builder;
    }

    /// <summary>Worker-facing routes: worker token or JWT, and the IP allowlist.</summary>
    public static RouteGroupBuilder RequireWorker(this RouteGroupBuilder group) =>
        group.RequireAuthorization(WorkerPolicy).AddEndpointFilter<WorkerIpAllowlist>();
}
