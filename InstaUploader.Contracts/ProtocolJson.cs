using System.Text.Json;

namespace InstaUploader.Contracts;

/// <summary>The serializer options both sides of the protocol use; every message names its fields explicitly.</summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
