using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Queue;

/// <summary>
/// The fields a claimed item's payload may carry whatever its kind: the task's options (free-form), the item's own
/// proxy (proxy diagnostics) and media file with its copy index (media uniquification). Kind fields (videos,
/// targets, ...) stay in <see cref="Rest"/>.
/// </summary>
public sealed record WorkPayload(
    [property: JsonPropertyName("options")] JsonObject? Options,
    [property: JsonPropertyName("proxy")] ProxyBlock? Proxy,
    [property: JsonPropertyName("media")] MediaBlock? Media,
    [property: JsonPropertyName("copy_index")] int? CopyIndex)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Rest { get; init; }
}
