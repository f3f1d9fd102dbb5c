using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Security;

/// <summary>Personal API tokens, the audit trail, user administration and two-factor sign-in.</summary>
public static class SecurityExtensions
{
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AuditQueries>();
        builder.Services.AddScoped<ApiTokens>();
        builder.Services.AddScoped<UserAdmin>();
        builder.Services.AddScoped<TwoFactor>();
        builder.Services.AddScoped<SignInAudit>();
        builder.Services.AddScoped<SecuritySettingsStore>();
        builder.Services.AddScoped<SecretReveals>();
        builder.Services.AddScoped<CircuitHandler, AuditCircuitHandler>();
        builder.Services.AddHostedService<AuditRetention>();
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<SecurityOptions>>((o, security) => o.ValidationInterval = security.Value.StampValidationInterval);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ManageUsers, p => p.AddRequirements(new WorkspaceAdminRequirement()))
            .AddPolicy(Policies.ReadAudit, p => p.AddRequirements(new WorkspaceAdminRequirement()))
            .AddPolicy(Policies.ManageSettings, p => p.AddRequirements(new WorkspaceAdminRequirement()));
        builder.Services.AddScoped<IAuthorizationHandler, WorkspaceAdminHandler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSecurity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/audit.csv", AuditCsv.ExportAsync).RequireAuthorization(Policies.ReadAudit).ExcludeFromDescription();
        app.MapSecretRevealsApi();
        return app;
    }
}
