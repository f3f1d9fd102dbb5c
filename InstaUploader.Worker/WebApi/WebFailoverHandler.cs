using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.WebApi;

/// <summary>
/// With several Web replicas listed for the Web's name (services__web__http__0..N, as Aspire or a person gives
/// them), the worker sticks to one replica and moves on to the next the moment it cannot connect: a replica that
/// died costs one refused connection, not a retry with backoff on every call (and no open circuit on the others).
/// A connection that was never made carried nothing, so resending the request elsewhere is safe. Each process
/// starts at a random replica, so workers spread over them.
/// </summary>
public sealed class WebFailoverHandler : DelegatingHandler
{
    private readonly Uri[] _replicas;
    private readonly ILogger<WebFailoverHandler> _logger;
    private int _current;

    public WebFailoverHandler(IConfiguration config, IOptions<WorkerOptions> options, ILogger<WebFailoverHandler> logger)
        : this(ReplicasOf(config, options.Value.WebBaseUrl), logger, start: null)
    {
    }

    internal WebFailoverHandler(Uri[] replicas, ILogger<WebFailoverHandler> logger, int? start)
    {
        _logger = logger;
        _replicas = replicas;
        _current = start ?? (_replicas.Length > 1 ? Random.Shared.Next(_replicas.Length) : 0);
    }

    /// <summary>The endpoints service discovery knows for the Web's name (http first), or none.</summary>
    public static Uri[] ReplicasOf(IConfiguration config, Uri web) =>
    [
        .. new[] { web.Scheme, web.Scheme == Uri.UriSchemeHttp ? Uri.UriSchemeHttps : Uri.UriSchemeHttp }
            .SelectMany(scheme => config.GetSection($"services:{web.Host}:{scheme}").GetChildren())
            .Select(s => Uri.TryCreate(s.Value, UriKind.Absolute, out var u) ? u : null)
            .OfType<Uri>()
            .DistinctBy(u => u.GetLeftPart(UriPartial.Authority)),
    ];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_replicas.Length < 2 || request.RequestUri is not { } uri || !IsReplica(uri))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var first = Volatile.Read(ref _current);
        for (var tried = 0; ; tried++)
        {
            var index = (first + tried) % _replicas.Length;
            request.RequestUri = new Uri(_replicas[index], uri.PathAndQuery);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (index != first && Interlocked.CompareExchange(ref _current, index, first) == first)
                {
                    _logger.LogWarning("Web replica {Dead} refused the connection; now using {Replica}", _replicas[first], _replicas[index]);
                }

                return response;
            }
            catch (Exception ex) when (tried < _replicas.Length - 1 && NotConnected(ex, cancellationToken))
            {
                _logger.LogDebug("Web replica {Replica} not reachable ({Error}); trying the next", _replicas[index], ex.Message);
            }
        }
    }

    private bool IsReplica(Uri uri) =>
        _replicas.Any(r => string.Equals(r.GetLeftPart(UriPartial.Authority), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));

    /// <summary>The connection was never made (refused, unreachable, connect timeout): nothing reached that replica.</summary>
    private static bool NotConnected(Exception ex, CancellationToken ct) => ex switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        HttpRequestException { InnerException: SocketException } => true,
        OperationCanceledException { InnerException: TimeoutException } => !ct.IsCancellationRequested,
        _ => false,
    };
}
