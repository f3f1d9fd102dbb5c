using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace InstaUploader.Web.Features.Auth;

/// <summary>
/// Sign-in and token endpoints (the UI's sign-in POST, the workers' /api/login/ and /api/token/refresh/) take at most
/// <see cref="SignInRateLimitOptions.PermitLimit"/> requests per window from one client address, per endpoint, so a
/// password cannot be guessed at the speed of the network. Over the limit: 429 with Retry-After.
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    public static IHostApplicationBuilder AddSignInRateLimit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SignInRateLimitOptions>().BindConfiguration(SignInRateLimitOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                // Only attempts count: the sign-in page itself (GET) is not limited.
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var o = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInRateLimitOptions>>().Value;
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter($"{client} {context.Request.Path}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = o.PermitLimit,
                    Window = TimeSpan.FromSeconds(o.WindowSeconds),
                    QueueLimit = o.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            limiter.OnRejected = async (rejected, ct) =>
            {
                var http = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"Too many sign-in attempts from this address; try again in {seconds} s.").ExecuteAsync(http);
            };
        });
        return builder;
    }
}

public sealed class SignInRateLimitOptions
{
    public const string Section = "RateLimiting:SignIn";

    /// <summary>Attempts per client address and endpoint in one window.</summary>
    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 30;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Attempts over the limit that wait for the next window instead of failing at once.</summary>
    [Range(0, 1_000)]
    public int QueueLimit { get; set; }
}
