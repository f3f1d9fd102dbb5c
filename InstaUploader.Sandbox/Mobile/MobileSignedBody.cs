using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Routes where the app always signs its body: instagrapi mixins/private.py:452-454 wraps every private_request
/// body as <c>signed_body=SIGNATURE.{json}</c> unless the caller passes with_signature=False (only feed/timeline,
/// tags sections and a few others do). A plain form there is refused, as the app never sends one.
/// </summary>
internal static class MobileSignedBody
{
    private const string Prefix = "signed_body=SIGNATURE.";

    public static TBuilder RequireSignedBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            var raw = (await reader.ReadToEndAsync(context.HttpContext.RequestAborted)).Trim();
            request.Body.Position = 0;
            if (!raw.StartsWith(Prefix, StringComparison.Ordinal) || QueryHelpers.ParseQuery(raw).Count != 1)
            {
                // Instagram's exact answer to an unsigned body is not public; the generic parameter error is used.
                return MobileErrors.Fail(400, "Invalid Parameters", "invalid_parameters",
                    new System.Text.Json.Nodes.JsonObject { ["error_title"] = "signed_body is required" });
            }

            return await next(context);
        });
}
