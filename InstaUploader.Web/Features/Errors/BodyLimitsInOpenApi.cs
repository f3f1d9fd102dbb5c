using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InstaUploader.Web.Features.Errors;

/// <summary>
/// Publishes each operation's body limit (<see cref="BodyLimits"/>) as <c>x-max-body-bytes</c>, so clients know it
/// before they hit it; a route that checks its own limit while streaming (media uploads) has none.
/// </summary>
public static class BodyLimitsInOpenApi
{
    public const string Extension = "x-max-body-bytes";

    public static OpenApiOptions AddBodyLimits(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<IRequestSizeLimitMetadata>().LastOrDefault();
            if ((declared is null ? BodyLimits.DefaultMaxBytes : declared.MaxRequestBodySize) is { } max)
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions[Extension] = new JsonNodeExtension(JsonValue.Create(max));
            }

            return Task.CompletedTask;
        });
}
