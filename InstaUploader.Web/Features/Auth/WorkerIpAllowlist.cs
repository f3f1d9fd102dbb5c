using System.Net;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Auth;

/// <summary>Endpoint filter: when WORKER_ALLOWED_IPS is set, worker routes answer 403 to any other address.</summary>
public sealed class WorkerIpAllowlist(IOptions<ApiAuthOptions> options) : IEndpointFilter
{
    private readonly IPNetwork[] _networks = TryParse(options.Value.WorkerAllowedIps, out var networks) ? networks : [];

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_networks.Length == 0)
        {
            return next(context);
        }

        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (remote is { IsIPv4MappedToIPv6: true })
        {
            remote = remote.MapToIPv4();
        }

        return remote is not null && _networks.Any(n => n.Contains(remote))
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Problem(
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"The address {remote} is not in WORKER_ALLOWED_IPS, so it may not call worker routes."));
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
