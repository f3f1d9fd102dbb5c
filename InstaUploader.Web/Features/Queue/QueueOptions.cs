using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Queue;

public sealed class QueueOptions
{
    public const string Section = "Queue";

    /// <summary>Lease given by claim_next unless the worker asks for another (lease_seconds).</summary>
    [Range(1, 3600)]
    public int DefaultLeaseSeconds { get; set; } = 300;

    /// <summary>Retry backoff: base × 2^(attempts-1), capped, with ±50% jitter.</summary>
    [Range(0, 3600)]
    public double RetryBaseSeconds { get; set; } = 2;

    [Range(1, 86400)]
    public double RetryMaxSeconds { get; set; } = 300;

    [Range(1, 3600)]
    public int RescueIntervalSeconds { get; set; } = 2;

    /// <summary>
    /// Hand back at once the items of a worker that went silent and does not answer its health route
    /// (docs/protocol.md#rescue). Off where the Web cannot reach the workers' own addresses (behind NAT, a one-way
    /// network): there a probe that never answers would take live work away, and only leases decide.
    /// </summary>
    public bool RescueSilentWorkers { get; set; } = true;
}
