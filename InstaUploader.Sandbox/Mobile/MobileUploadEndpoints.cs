using System.Security.Cryptography;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;
using Microsoft.AspNetCore.Mvc;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Resumable uploads ("rupload") as the app does them: GET /rupload_igvideo/{name} asks how many bytes the server
/// already has (<c>{"offset":N}</c>), POST sends the rest with <c>Offset</c>, <c>X-Entity-Length</c> and the
/// JSON <c>X-Instagram-Rupload-Params</c> (which carries the upload_id later configured).
/// The headers are checked as the app always sends them (instagrapi mixins/photo.py:199-230, mixins/clip.py:921-970):
/// Rupload-Params with media_type and upload_id, X-Entity-Type, X-Entity-Name equal to the path's name and
/// X-Entity-Length equal to the bytes the upload ends with. Instagram's exact refusal text is not public; these
/// answer 400 with the Sandbox's own error_type.
/// </summary>
internal static class MobileUploadEndpoints
{
    public static RouteGroupBuilder MapMobileUploads(this RouteGroupBuilder root)
    {
        root.MapGet("/rupload_igvideo/{name}", (string name, HttpContext http, SandboxStore store) => Offset(name, "video", http, store));
        root.MapGet("/rupload_igphoto/{name}", (string name, HttpContext http, SandboxStore store) => Offset(name, "photo", http, store));
        root.MapPost("/rupload_igvideo/{name}", (string name, HttpContext http, SandboxStore store, TimeProvider time) => ReceiveAsync(name, "video", http, store, time))
            .WithMetadata(new DisableRequestSizeLimitAttribute());
        root.MapPost("/rupload_igphoto/{name}", (string name, HttpContext http, SandboxStore store, TimeProvider time) => ReceiveAsync(name, "photo", http, store, time))
            .WithMetadata(new DisableRequestSizeLimitAttribute());

        // Reels send their encoder settings first; the Sandbox only acknowledges them.
        root.MapPost("/upload_settings/{sessionId}", () => Results.Json(new JsonObject { ["status"] = "ok" }));
        return root;
    }

    /// <summary>The completed upload of <paramref name="kind"/> with this upload_id, for this account.</summary>
    public static SandboxUpload? Find(SandboxStore store, SandboxAccount account, string? uploadId, string kind) =>
        uploadId is null
            ? null
            : store.Mobile.Uploads.Values
                .Where(u => u.UploadId == uploadId && u.Kind == kind && u.Complete
                            && string.Equals(u.Username, account.Username, StringComparison.OrdinalIgnoreCase))
                .OrderBy(u => u.Finished ? 0 : 1)
                .FirstOrDefault();

    private static IResult Offset(string name, string kind, HttpContext http, SandboxStore store)
    {
        var account = MobileGuard.Account(http);
        if (Start(name, kind, account, http.Request, store) is not { } upload)
        {
            return MobileErrors.Fail(400, "Invalid X-Instagram-Rupload-Params", "invalid_rupload_params");
        }

        lock (upload)
        {
            return Results.Json(new JsonObject { ["offset"] = upload.Complete ? upload.ExpectedLength : upload.Buffer.Length });
        }
    }

    private static async Task<IResult> ReceiveAsync(string name, string kind, HttpContext http, SandboxStore store, TimeProvider time)
    {
        var account = MobileGuard.Account(http);
        var request = http.Request;
        if (Start(name, kind, account, request, store) is not { } upload)
        {
            return MobileErrors.Fail(400, "Invalid X-Instagram-Rupload-Params", "invalid_rupload_params");
        }

        if (!long.TryParse(request.Headers["X-Entity-Length"], out var entityLength) || entityLength <= 0)
        {
            return MobileErrors.Fail(400, "Missing X-Entity-Length", "invalid_entity_length");
        }

        if (!string.Equals(request.Headers["X-Entity-Name"], name, StringComparison.Ordinal))
        {
            return MobileErrors.Fail(400, "X-Entity-Name does not match the upload name", "invalid_entity_name");
        }

        if (string.IsNullOrWhiteSpace(request.Headers["X-Entity-Type"]))
        {
            return MobileErrors.Fail(400, "Missing X-Entity-Type", "invalid_entity_type");
        }

        _ = long.TryParse(request.Headers["Offset"], out var offset);

        if (kind == "video" && FaultGate.TakeDropUpload(account))
        {
            await ReadPartAndAbortAsync(http, entityLength);
            return Results.Empty;
        }

        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, http.RequestAborted);

        lock (upload)
        {
            if (offset == 0)
            {
                upload.Buffer.SetLength(0);
                upload.Sha256 = null;
            }
            else if (offset != upload.Buffer.Length)
            {
                return MobileErrors.Fail(400, $"Offset {offset} does not match the {upload.Buffer.Length} bytes received", "offset_mismatch");
            }

            if (offset + body.Length != entityLength)
            {
                return MobileErrors.Fail(400, $"X-Entity-Length {entityLength} does not match the {offset + body.Length} bytes received", "entity_length_mismatch");
            }

            upload.ExpectedLength = entityLength;
            body.Position = 0;
            body.CopyTo(upload.Buffer);
            upload.Sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Buffer.GetBuffer().AsSpan(0, (int)upload.Buffer.Length)));
            upload.ReceivedAt = time.GetUtcNow();
        }

        return Results.Json(new JsonObject
        {
            ["upload_id"] = upload.UploadId,
            ["xsharing_nonces"] = new JsonObject(),
            ["status"] = "ok",
        });
    }

    private static SandboxUpload? Start(string name, string kind, SandboxAccount account, HttpRequest request, SandboxStore store)
    {
        var raw = request.Headers["X-Instagram-Rupload-Params"].ToString();
        JsonObject? parameters;
        try
        {
            parameters = JsonNode.Parse(raw) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        if (parameters?.Text("upload_id") is not { Length: > 0 } uploadId || string.IsNullOrEmpty(parameters.Text("media_type")))
        {
            return null;
        }

        var upload = store.Mobile.Uploads.GetOrAdd(name, _ => new SandboxUpload
        {
            Name = name, UploadId = uploadId, Username = account.Username, Kind = kind,
        });
        return upload.UploadId == uploadId && upload.Kind == kind
               && string.Equals(upload.Username, account.Username, StringComparison.OrdinalIgnoreCase)
            ? upload
            : null;
    }

    /// <summary>The DropUpload fault: take some of the body like a flaky network would, then cut the connection.</summary>
    private static async Task ReadPartAndAbortAsync(HttpContext http, long entityLength)
    {
        var budget = Math.Max(1, Math.Min(entityLength / 2, 256 * 1024));
        var buffer = new byte[16 * 1024];
        try
        {
            while (budget > 0)
            {
                var read = await http.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, budget)), http.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                budget -= read;
            }
        }
        catch (IOException)
        {
            // The client may already be gone; aborting is all that is left to do.
        }

        http.Abort();
    }
}
