using InstaUploader.Web.Features.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace InstaUploader.Web.Features.Auth;

public static class AuthExtensions
{
    public const string WorkerPolicy = "Worker";
    public const string OperatorPolicy = "Operator";
    public const string MachinePolicy = "Machine";

    public static IHostApplicationBuilder AddApiAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiAuthOptions>()
            .BindConfiguration(ApiAuthOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => WorkerIpAllowlist.TryParse(o.WorkerAllowedIps, out _),
                "WORKER_ALLOWED_IPS must be a comma-separated list of IP addresses or CIDRs (e.g. 10.0.0.0/8, 192.168.1.5).")
            .ValidateOnStart();
        builder.Services.AddSingleton<WorkerTokenService>();
        builder.Services.AddSingleton<WorkerIpAllowlist>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IAuthorizationHandler, WorkerAddressHandler>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddAuthentication()
            .AddBearerScheme(MachineAuth.SchemeName, o => o.ValidateToken = MachineAuth.Validate)
            .AddScheme<AuthenticationSchemeOptions, PersonalTokenHandler>(PersonalTokenHandler.SchemeName, null);
        builder.AddSignInRateLimit();
        builder.Services.AddAuthorizationBuilder()
            .AddMachinePolicy(WorkerPolicy, MachineAuth.WorkerRole)
            // The operator API: the operator token, or a person (their session, or a personal token scoped to a workspace)
            // whose workspace and role the workspaces middleware then applies; a read-only token only reads.
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(PersonalTokenHandler.SchemeName, MachineAuth.SchemeName,
                    Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
                .RequireAssertion(c => c.User.IsInRole(MachineAuth.OperatorRole)
                    || c.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier) is not null && !c.User.IsInRole(MachineAuth.WorkerRole))
                .AddRequirements(new WorkerAddressRequirement(), new ReadOnlyTokenRequirement()))
            .AddMachinePolicy(MachinePolicy, MachineAuth.WorkerRole, MachineAuth.OperatorRole);
        return builder;
    }

    /// <summary>
    /// A bearer-token policy for the given roles; the worker IP allowlist is part of every one of them. Personal tokens
    /// act as operators, and a read-only one may only read.
    /// </summary>
    public static AuthorizationBuilder AddMachinePolicy(this AuthorizationBuilder builder, string name, params string[] roles) =>
        builder.AddPolicy(name, p => p.AddAuthenticationSchemes(PersonalTokenHandler.SchemeName, MachineAuth.SchemeName)
            .RequireRole(roles)
            .AddRequirements(new WorkerAddressRequirement(), new ReadOnlyTokenRequirement()));

    /// <summary>Worker-facing routes: worker token or JWT, from an address in WORKER_ALLOWED_IPS.</summary>
    public static RouteGroupBuilder RequireWorker(this RouteGroupBuilder group) => group.RequireAuthorization(WorkerPolicy);
}
