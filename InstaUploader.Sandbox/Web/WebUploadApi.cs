using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// What the create dialog calls: place search, the resumable upload (<c>/rupload_igvideo/&lt;entity&gt;</c>, raw
/// bytes) and <c>configure_to_clips</c>, which records the reel. Faults come from <see cref="FaultGate"/>; with
/// DropPublishAnswer the reel is recorded and its answer lost, as when a connection drops after Instagram published.
/// </summary>
internal static class WebUploadApi
{
    public static IEndpointRouteBuilder MapWebUploadApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/web/location_search/", (string? search_query, HttpContext http, SandboxStore store) =>
        {
            if (WebSession.CurrentUser(http, store) is null)
            {
                return LoginRequired();
            }

            var q = (search_query ?? "").Trim();
            string[] names = q.Length == 0 ? [] : [q, $"{q} City Centre", $"{q} Central Station"];
            return Results.Ok(new
            {
                venues = names.Select((name, i) => new
                {
                    name,
                    address = "",
                    external_id = (Math.Abs(StringComparer.OrdinalIgnoreCase.GetHashCode(name)) + i).ToString(CultureInfo.InvariantCulture),
                    external_id_source = "facebook_places",
                    lat = 0.0,
                    lng = 0.0,
                }),
                status = "ok",
            });
        });

        app.MapPost("/rupload_igvideo/{entity}", async (string entity, HttpContext http, SandboxStore store, WebUploads uploads, CancellationToken ct) =>
        {
            if (WebSession.CurrentUser(http, store) is not { } account)
            {
                return LoginRequired();
            }

            if (!WebSession.CsrfValid(http))
            {
                return Results.Json(new { message = "CSRF token missing or incorrect", status = "fail" }, statusCode: StatusCodes.Status403Forbidden);
            }

            await FaultGate.DelayAsync(account, ct);
            if (FaultGate.TakeDropUpload(account))
            {
                await http.Request.Body.CopyToAsync(Stream.Null, ct);
                await FaultGate.CutAnswerAsync(http, "{\"upload_id\":", ct);
                return Results.Empty;
            }

            // Reels run to hundreds of MB; Kestrel's default 30 MB body limit would cut them off.
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = 1L << 30;
            }

            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long length = 0;
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                length += read;
            }

            var uploadId = UploadIdFrom(http.Request.Headers["X-Instagram-Rupload-Params"].ToString()) ?? entity;
            uploads.Add(uploadId, new ReceivedUpload(account.Username, Convert.ToHexStringLower(sha.GetHashAndReset()), length));
            return Results.Ok(new { media_id = uploadId, upload_id = uploadId, xsharing_nonces = new { }, status = "ok" });
        });

        app.MapPost("/api/v1/media/configure_to_clips/", async (HttpContext http, SandboxStore store, WebUploads uploads, TimeProvider time, CancellationToken ct) =>
        {
            if (WebSession.CurrentUser(http, store) is not { } account)
            {
                return LoginRequired();
            }

            if (!WebSession.CsrfValid(http))
            {
                return Results.Json(new { message = "CSRF token missing or incorrect", status = "fail" }, statusCode: StatusCodes.Status403Forbidden);
            }

            var form = await http.Request.ReadFormAsync(ct);
            await FaultGate.DelayAsync(account, ct);
            if (WebGuard.ThrottleOrBlock(account, http) is { } refused)
            {
                return refused;
            }

            if (uploads.Take(form["upload_id"].ToString(), account.Username) is not { } upload)
            {
                return Results.Json(new { message = "media not found or unavailable", status = "fail" }, statusCode: StatusCodes.Status400BadRequest);
            }

            var pk = store.NextId();
            var post = new SandboxPost(
                pk, WebSession.Token(11), account.Username, form["caption"].ToString(), LocationName(form["location"].ToString()), [],
                upload.Sha256, upload.Length, "web", time.GetUtcNow());
            store.Posts.Enqueue(post);
            if (FaultGate.TakeDropPublishAnswer(account))
            {
                await FaultGate.CutAnswerAsync(http, "{\"media\":", ct);
                return Results.Empty;
            }

            return Results.Ok(new
            {
                media = new { pk = pk.ToString(CultureInfo.InvariantCulture), id = $"{pk}_{account.Pk}", code = post.Code, media_type = 2, product_type = "clips" },
                upload_id = form["upload_id"].ToString(),
                status = "ok",
            });
        });

        return app;
    }

    private static IResult LoginRequired() =>
        Results.Json(new { message = "login_required", status = "fail" }, statusCode: StatusCodes.Status401Unauthorized);

    private static string? UploadIdFrom(string ruploadParams)
    {
        try
        {
            using var doc = JsonDocument.Parse(ruploadParams);
            return doc.RootElement.TryGetProperty("upload_id", out var id) ? id.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? LocationName(string locationJson)
    {
        if (string.IsNullOrWhiteSpace(locationJson))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(locationJson);
            return doc.RootElement.TryGetProperty("name", out var name) ? name.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
