using System.Net;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Auth;

/// <summary>Endpoint filter: when WORKER_ALLOWED_IPS is set, worker routes answer 403 to any other address.</summary>
public sealed class WorkerIpAllowlist(IOptions<ApiAuthOptions> options) : IEndpointFilter
{
    private readonly IPNetwork[] _networks = Parse(options.Value.WorkerAllowedIps);

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
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "This address may not call worker routes."));
    }

    internal static IPNetwork[] Parse(string? cidrs) =>
        string.IsNullOrWhiteSpace(cidrs)
            ? []
            : cidrs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => c.Contains('/', StringComparison.Ordinal) ? IPNetwork.Parse(c) : new IPNetwork(IPAddress.Parse(c), IPAddress.Parse(c).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
                .ToArray();
}
