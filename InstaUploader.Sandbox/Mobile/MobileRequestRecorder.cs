using System.Text;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;
using Microsoft.AspNetCore.WebUtilities;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Notes the shape of every private-API request (method, path, query and header names, whether the body is
/// signed and its field names, never values): the differential test compares what our client and the
/// reference client send for the same action.
/// </summary>
internal static class MobileRequestRecorder
{
    private const int MaxRecords = 5_000;
    private const long MaxBodyBytes = 1 << 20;

    public static IApplicationBuilder UseMobileRequestRecorder(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (IsMobile(http.Request.Path))
        {
            var store = http.RequestServices.GetRequiredService<SandboxStore>();
            var record = await DescribeAsync(http.Request, store.Mobile.NextRequestSequence(), http.RequestAborted);
            store.Mobile.Requests.Enqueue(record);
            while (store.Mobile.Requests.Count > MaxRecords && store.Mobile.Requests.TryDequeue(out _))
            {
            }
        }

        await next(http);
    });

    private static bool IsMobile(PathString path) =>
        path.StartsWithSegments("/api/v1") || path.StartsWithSegments("/api/v2")
        || path.Value?.StartsWith("/rupload_", StringComparison.Ordinal) == true || path.StartsWithSegments("/upload_settings");

    private static async Task<MobileRequestRecord> DescribeAsync(HttpRequest request, long sequence, CancellationToken ct)
    {
        var (kind, fields) = await BodyAsync(request, ct);
        return new MobileRequestRecord(
            sequence,
            request.Method,
            request.Path.Value ?? "",
            [.. request.Query.Keys.Order(StringComparer.Ordinal)],
            kind,
            fields,
            [.. request.Headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal)],
            request.Headers["X-IG-Android-ID"].ToString() is { Length: > 0 } androidId ? androidId : null,
            request.Headers.UserAgent.ToString());
    }

    /// <summary>"signed" (signed_body=SIGNATURE.{json}), "form", "json", "binary" or "none", with the field names.</summary>
    private static async Task<(string Kind, IReadOnlyList<string> Fields)> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (request.ContentLength is 0 || (request.ContentLength is null && !HttpMethods.IsPost(request.Method)))
        {
            return ("none", []);
        }

        if (!type.Contains("form-urlencoded", StringComparison.OrdinalIgnoreCase) && !type.Contains("json", StringComparison.OrdinalIgnoreCase)
            || request.ContentLength > MaxBodyBytes)
        {
            return ("binary", []);
        }

        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var raw = (await reader.ReadToEndAsync(ct)).Trim();
        request.Body.Position = 0;
        if (raw.StartsWith('{'))
        {
            return ("json", Keys(MobileForm.Parse(raw)));
        }

        var form = QueryHelpers.ParseQuery(raw);
        return form.ContainsKey("signed_body")
            ? ("signed", Keys(MobileForm.Parse(raw)))
            : ("form", [.. form.Keys.Order(StringComparer.Ordinal)]);
    }

    private static IReadOnlyList<string> Keys(JsonObject body) => [.. body.Select(p => p.Key).Order(StringComparer.Ordinal)];
}
