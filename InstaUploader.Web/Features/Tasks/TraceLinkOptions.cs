using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>
/// Where an item's trace can be opened: a URL template with {traceId}, e.g. the Aspire dashboard's
/// http://localhost:18888/traces/detail/{traceId} (the AppHost sets it) or a Jaeger/Tempo UI behind the OTLP backend.
/// Empty: the item page shows the trace id without a link.
/// </summary>
public sealed class TraceLinkOptions : IValidatableObject
{
    public const string Section = "Telemetry";
    public const string Placeholder = "{traceId}";

    public string? TraceUiUrl { get; set; }

    /// <summary>The link to <paramref name="traceId"/>'s trace, or null when there is no template or no trace.</summary>
    public string? LinkTo(string? traceId) =>
        string.IsNullOrWhiteSpace(TraceUiUrl) || string.IsNullOrWhiteSpace(traceId)
            ? null
            : TraceUiUrl.Replace(Placeholder, Uri.EscapeDataString(traceId), StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TraceUiUrl))
        {
            yield break;
        }

        if (!TraceUiUrl.Contains(Placeholder, StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(TraceUiUrl.Replace(Placeholder, "x", StringComparison.OrdinalIgnoreCase), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult(
                $"Telemetry:TraceUiUrl must be an absolute http(s) URL with {Placeholder}, e.g. http://localhost:18888/traces/detail/{Placeholder}.",
                [nameof(TraceUiUrl)]);
        }
    }
}
