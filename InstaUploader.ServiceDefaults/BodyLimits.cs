using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every route's body limit: its own <see cref="IRequestSizeLimitMetadata"/> (<c>WithBodyLimit</c>, or
/// <c>DisableRequestSizeLimit</c> for routes that enforce their own, such as streamed media uploads), otherwise
/// <see cref="DefaultMaxBytes"/>. A body declared too large is answered 413 with a ProblemDetails. Kestrel would
/// refuse it too, but by closing the connection while the caller is still sending, which callers (and the AppHost's
/// proxy in front of the worker replicas) see as a connection reset instead of an answer; so a refused body up to
/// <see cref="DrainMaxBytes"/> is read and dropped first. A chunked body over the limit still fails as it is read
/// (Kestrel's 413, which the exception handlers turn into a ProblemDetails).
/// </summary>
public static class BodyLimits
{
    /// <summary>JSON and form routes: every legitimate body is far smaller.</summary>
    public const long DefaultMaxBytes = 1024 * 1024;

    /// <summary>Reading this much to be able to answer costs milliseconds; beyond it the connection is closed.</summary>
    public const long DrainMaxBytes = 64L * 1024 * 1024;

    /// <summary>Put after routing (WebApplication routes first) so the endpoint's own limit is known.</summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app, long defaultMaxBytes = DefaultMaxBytes) =>
        app.Use(async (context, next) =>
        {
            var limit = MaxBytesOf(context.GetEndpoint(), defaultMaxBytes);
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (limit is { } max && context.Request.ContentLength > max)
            {
                await RefuseAsync(context, feature, max);
                return;
            }

            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit;
            }

            await next(context);
        });

    /// <summary>Limits the route's body to <paramref name="maxBytes"/>.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(maxBytes));

    /// <summary>The route enforces its own limit while it streams the body (media uploads).</summary>
    public static TBuilder WithOwnBodyLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(null));

    /// <summary>The endpoint's limit; null means the route checks its own (it streams larger bodies).</summary>
    public static long? MaxBytesOf(Endpoint? endpoint, long defaultMaxBytes = DefaultMaxBytes) =>
        endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared ? declared.MaxRequestBodySize : defaultMaxBytes;

    private static async Task RefuseAsync(HttpContext context, IHttpMaxRequestBodySizeFeature? feature, long max)
    {
        if (context.Request.ContentLength <= DrainMaxBytes && feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = null;
            await DrainAsync(context.Request.Body, context.RequestAborted);
        }
        else
        {
            context.Response.Headers.Connection = "close";
        }

        await TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Payload too large",
            detail: $"The body of {context.Request.Method} {context.Request.Path} is limited to {max} bytes; this one declares {context.Request.ContentLength}.")
            .ExecuteAsync(context);
    }

    private static async Task DrainAsync(Stream body, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await body.ReadAsync(buffer, ct) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The caller gave up sending; the answer below may still reach it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
