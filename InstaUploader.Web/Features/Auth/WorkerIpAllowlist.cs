using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Auth;

/// <summary>WORKER_ALLOWED_IPS: when set, the worker token and worker JWTs are only good from these addresses.</summary>
public sealed class WorkerIpAllowlist(IOptions<ApiAuthOptions> options)
{
    private readonly IPNetwork[] _networks = TryParse(options.Value.WorkerAllowedIps, out var networks) ? networks : [];

    public bool Allows(IPAddress? remote)
    {
        if (_networks.Length == 0)
        {
            return true;
        }

        if (remote is { IsIPv4MappedToIPv6: true })
        {
            remote = remote.MapToIPv4();
        }

        return remote is not null && _networks.Any(n => n.Contains(remote));
    }

    /// <summary>Parses "10.0.0.0/8, 192.168.1.5"; a bare address is a single-host network. Empty means no allowlist.</summary>
    public static bool TryParse(string? list, out IPNetwork[] networks)
    {
        networks = [];
        if (string.IsNullOrWhiteSpace(list))
        {
            return true;
        }

        var parsed = new List<IPNetwork>();
        foreach (var entry in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                parsed.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                parsed.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                return false;
            }
        }

        networks = [.. parsed];
        return true;
    }
}

/// <summary>
/// Part of every policy that accepts a worker (<see cref="AuthExtensions.AddMachinePolicy"/>), so no route can take the
/// worker token without the allowlist: a worker caller must come from an allowed address; other callers pass.
/// </summary>
public sealed class WorkerAddressRequirement : IAuthorizationRequirement;

public sealed class WorkerAddressHandler(WorkerIpAllowlist allowlist, IHttpContextAccessor accessor)
    : AuthorizationHandler<WorkerAddressRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkerAddressRequirement requirement)
    {
        if (!context.User.IsInRole(MachineAuth.WorkerRole))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var remote = (context.Resource as HttpContext ?? accessor.HttpContext)?.Connection.RemoteIpAddress;
        if (allowlist.Allows(remote))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this,
                $"The address {remote} is not in WORKER_ALLOWED_IPS, so it may not call worker routes."));
        }

        return Task.CompletedTask;
    }
}
