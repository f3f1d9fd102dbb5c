using System.Security.Claims;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace InstaUploader.Web.Features.Security;

/// <summary>Who is acting and from where, as the audit trail records it.</summary>
public sealed record AuditCaller(string? UserId, string Actor, string? Ip, string? UserAgent, int? WorkspaceId)
{
    public const string LegacyTokenActor = "legacy token";

    public static AuditCaller System { get; } = new(null, "system", null, null, null);

    public static AuditCaller From(ClaimsPrincipal user, HttpContext? http)
    {
        var ip = http?.Connection.RemoteIpAddress?.ToString();
        var agent = http?.Request.Headers.UserAgent.ToString() is { Length: > 0 } a ? a[..Math.Min(a.Length, 512)] : null;
        if (user.Identity?.IsAuthenticated != true)
        {
            return new AuditCaller(null, "anonymous", ip, agent, null);
        }

        var workspace = int.TryParse(user.FindFirstValue(WorkspaceClaims.WorkspaceId), out var w) ? w : (int?)null;
        if (user.FindFirstValue(SecurityClaims.TokenId) is not null)
        {
            return new AuditCaller(user.FindFirstValue(SecurityClaims.TokenOwner), $"token {user.Identity.Name}", ip, agent, workspace);
        }

        if (user.IsInRole(Auth.MachineAuth.OperatorRole))
        {
            return new AuditCaller(null, LegacyTokenActor, ip, agent, null);
        }

        return new AuditCaller(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name ?? "?", ip, agent, workspace);
    }
}

/// <summary>
/// A Blazor circuit's pages run their operations in scopes of their own, where no HttpContext says who clicked. This
/// handler puts the circuit's user (and the address the circuit came from) in an async-local for each inbound event.
/// </summary>
public sealed class AuditCircuitHandler(AuthenticationStateProvider auth, IHttpContextAccessor http) : CircuitHandler
{
    private static readonly AsyncLocal<AuditCaller?> current = new();
    private string? ip;
    private string? agent;

    public static AuditCaller? Current => current.Value;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (http.HttpContext is { } context)
        {
            var caller = AuditCaller.From(new ClaimsPrincipal(), context);
            ip = caller.Ip;
            agent = caller.UserAgent;
        }

        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var user = (await auth.GetAuthenticationStateAsync()).User;
            current.Value = AuditCaller.From(user, null) with { Ip = ip, UserAgent = agent };
            await next(context);
        };
}
