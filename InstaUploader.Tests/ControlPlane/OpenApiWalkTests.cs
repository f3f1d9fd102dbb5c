using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// Walks the Web's OpenAPI document and sends every operation bad bodies and bad parameters (NUL and other control
/// characters, wrong JSON types, nulls, missing fields, truncated JSON, 1 MB strings, non-numeric ids, truncated
/// multipart) with the credentials the operation takes. Any 5xx fails the test, listing every operation and input, and
/// so does any 4xx that is not a ProblemDetails (application/problem+json). Every operation with a body also gets one
/// over its published limit (x-max-body-bytes, at least 5 MB), which must be a 413 ProblemDetails.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed partial class OpenApiWalkTests(ControlPlaneFixture fx) : IAsyncLifetime
{
    private const string WalkAddress = "127.0.0.2";
    private static readonly string Huge = new('x', 1_100_000);
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        using var op = fx.Operator();
        var tag = OperatorApi.Unique("walk");
        var account = await op.CreateAccountAsync($"{tag}_a", "pw-walk-a");
        var media = await op.UploadMediaAsync(OperatorApi.MakeVideo(Path.Combine(Path.GetTempPath(), "iu-tests", "walk"), seconds: 1, size: 64), "video/mp4");
        var mediaId = media.GetProperty("id").GetInt32();
        var task = await op.CreateTaskAsync(new
        {
            kind = "bulk_upload",
            name = $"walk {tag}",
            account_ids = new[] { account },
            videos = new[] { new { media_id = mediaId, title = "t" } },
        });
        var taskId = task.GetProperty("id").GetInt32();
        using var worker = fx.Worker();
        var aggregate = await worker.GetFromJsonAsync<JsonElement>($"/api/bulk-tasks/{taskId}/aggregate");
        var itemId = aggregate.GetProperty("accounts")[0].GetProperty("account_task_id").GetInt64();
        using var proxy = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port = Random.Shared.Next(1024, 65535) });
        var proxyId = (await proxy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var category = await op.PostAsJsonAsync("/api/v1/follow-categories", new { name = $"walk {tag}" });
        var categoryId = (await category.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        _ids["task"] = taskId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ids["item"] = itemId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ids["account"] = account.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ids["media"] = mediaId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ids["proxy"] = proxyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ids["category"] = categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_operation_answers_bad_input_without_a_5xx()
    {
        using var anonymous = fx.Anonymous();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var operations = Operations(document).ToList();
        // The worker-facing seed routes are part of the document, so the walk covers them too.
        var paths = operations.Select(o => $"{o.Method} {o.Path}").ToHashSet();
        foreach (var expected in ExpectedRoutes)
        {
            Assert.True(paths.Contains(expected), $"{expected} is not in /openapi/v1.json. It has:\n{string.Join("\n", paths.Order())}");
        }

        // From an address of its own: the walk's hundreds of sign-in attempts use up only its own rate-limit budget.
        using var fxWorker = fx.Worker();
        using var fxOperator = fx.Operator();
        using var worker = SourceAddress.Client(fxWorker, WalkAddress);
        using var op = SourceAddress.Client(fxOperator, WalkAddress);
        using var scraper = SourceAddress.Client(anonymous, WalkAddress);
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fx.App.Parameter("scraper-api-key"));
        HttpClient[] clients = [worker, op, scraper];

        var failures = new ConcurrentBag<string>();
        var sent = 0;
        // Deletions and cancellations last, so the ids the other operations use still exist.
        foreach (var operation in operations.OrderBy(o => o.Method == "DELETE" || o.Path.EndsWith("/cancel", StringComparison.Ordinal)))
        {
            var client = await PickClientAsync(clients, operation);
            foreach (var (what, request) in BadRequests(operation, document))
            {
                Interlocked.Increment(ref sent);
                try
                {
                    using var message = request();
                    using var response = await client.SendAsync(message);
                    var status = (int)response.StatusCode;
                    if (status >= 500 || (status >= 400 && !IsProblem(response) && !RefusedByKestrel(what, response) && !await IsSeedContractAsync(operation, response)))
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        failures.Add($"{operation.Method} {operation.Path} [{what}] → {status} {response.Content.Headers.ContentType}: {Cut(body)}");
                    }
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{operation.Method} {operation.Path} [{what}] → no answer: {ex.Message}");
                }
            }
        }

        Assert.True(failures.IsEmpty,
            $"{failures.Count} of {sent} bad requests over {operations.Count} operations got a 5xx or a 4xx that is not a ProblemDetails:\n" + string.Join("\n", failures.Order()));
    }

    [Fact]
    public async Task Every_operation_with_a_body_answers_one_over_its_limit_with_a_413_problem()
    {
        using var anonymous = fx.Anonymous();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        using var fxWorker = fx.Worker();
        using var fxOperator = fx.Operator();
        using var worker = SourceAddress.Client(fxWorker, WalkAddress);
        using var op = SourceAddress.Client(fxOperator, WalkAddress);
        HttpClient[] clients = [worker, op];

        var failures = new List<string>();
        var checkedOperations = 0;
        foreach (var operation in Operations(document).Where(o => o.Method is "POST" or "PUT" or "PATCH"))
        {
            if (operation.Node[MaxBodyBytesExtension] is not { } limit)
            {
                // Media uploads check their own (much larger) limit as they stream; MediaApiTests covers them.
                continue;
            }

            checkedOperations++;
            var size = Math.Max(FiveMegabytes, (long)limit + 1);
            var client = await PickClientAsync(clients, operation);
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), Url(operation, _ => null))
            {
                Content = new ByteArrayContent(Oversized(size)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            try
            {
                using var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.RequestEntityTooLarge || !IsProblem(response))
                {
                    failures.Add($"{operation.Method} {operation.Path} ({size} bytes, limit {limit}) → {(int)response.StatusCode} {response.Content.Headers.ContentType}: {Cut(await response.Content.ReadAsStringAsync())}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{operation.Method} {operation.Path} ({size} bytes) → no answer: {ex.Message}");
            }
        }

        Assert.True(checkedOperations > 20, $"Only {checkedOperations} operations publish {MaxBodyBytesExtension}.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedOperations} oversized bodies were not a 413 ProblemDetails:\n" + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-route", HttpStatusCode.NotFound, true)]
    [InlineData("DELETE", "/openapi/v1.json", HttpStatusCode.MethodNotAllowed, true)]
    [InlineData("GET", "/api/v1/accounts", HttpStatusCode.Unauthorized, false)]
    [InlineData("POST", "/api/queries/claim_next", HttpStatusCode.Unauthorized, false)]
    [InlineData("POST", "/api/queries/claim_next", HttpStatusCode.Forbidden, true)]
    public async Task Refusals_outside_the_handlers_are_problems_too(string method, string path, HttpStatusCode expected, bool operatorCredentials)
    {
        using var client = operatorCredentials ? fx.Operator() : fx.Anonymous();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.True(IsProblem(response), $"{(int)response.StatusCode} came as {response.Content.Headers.ContentType}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal((int)expected, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    private const string MaxBodyBytesExtension = "x-max-body-bytes";
    private const long FiveMegabytes = 5L * 1024 * 1024;

    /// <summary>
    /// Kestrel itself refuses a path with an encoded NUL (%00) as an invalid request target, with an empty 400, before
    /// any middleware runs; no application can give that answer a body.
    /// </summary>
    private static bool RefusedByKestrel(string what, HttpResponseMessage response) =>
        what.StartsWith("path ", StringComparison.Ordinal) && what.Contains("%00", StringComparison.Ordinal)
        && response.StatusCode == HttpStatusCode.BadRequest && response.Content.Headers.ContentLength == 0;

    /// <summary>
    /// The queue routes the original worker reads keep the seed's <c>{"detail": …}</c> 404/409 (docs/protocol.md: the
    /// empty-queue 404 of claim_next, the scraper's answers), a contract older than the ProblemDetails rule.
    /// </summary>
    private static async Task<bool> IsSeedContractAsync(Operation operation, HttpResponseMessage response)
    {
        if (!operation.Path.StartsWith("/api/queries/", StringComparison.Ordinal) || response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict))
        {
            return false;
        }

        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement is { ValueKind: JsonValueKind.Object } root && root.EnumerateObject().Select(p => p.Name).SequenceEqual(["detail"]);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsProblem(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json";

    /// <summary>A JSON object padded to <paramref name="size"/> bytes.</summary>
    private static byte[] Oversized(long size)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)'x');
        "{\"pad\":\""u8.CopyTo(bytes);
        "\"}"u8.CopyTo(bytes.AsSpan((int)size - 2));
        return bytes;
    }

    // The document drops the seeds' trailing slashes (/api/logs/ is listed as /api/logs); routing matches both.
    private static readonly string[] ExpectedRoutes =
    [
        "POST /api/queries/claim_next", "PATCH /api/queries/{id}", "POST /api/logs", "POST /api/workers/register",
        "POST /api/bulk-accounts/{id}/status", "POST /api/bulk-accounts/{id}/counters", "POST /api/media/uniquify/start",
        "POST /api/cookie-robot/start", "POST /api/login", "POST /api/v1/accounts", "POST /api/tasks/scrape",
    ];

    private sealed record Operation(string Method, string Path, JsonNode Node);

    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (method is "get" or "post" or "put" or "patch" or "delete")
                {
                    yield return new Operation(method.ToUpperInvariant(), path, node!);
                }
            }
        }
    }

    /// <summary>The first of worker, operator, scraper credentials the operation does not refuse (401/403).</summary>
    private async Task<HttpClient> PickClientAsync(HttpClient[] clients, Operation operation)
    {
        foreach (var client in clients)
        {
            // A DELETE probe names an id that does not exist, so probing deletes nothing.
            using var probe = new HttpRequestMessage(new HttpMethod(operation.Method), Url(operation, n => operation.Method == "DELETE" && n != "kind" ? "2147483647" : null))
            {
                Content = operation.Method is "GET" or "DELETE" ? null : new StringContent("{", Encoding.UTF8, "application/json"),
            };
            using var response = await client.SendAsync(probe);
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            {
                return client;
            }
        }

        return clients[0];
    }

    private IEnumerable<(string What, Func<HttpRequestMessage> Request)> BadRequests(Operation operation, JsonNode document)
    {
        var method = new HttpMethod(operation.Method);
        var parameters = operation.Node["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
        var pathParameters = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var queryParameters = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();

        foreach (var name in pathParameters)
        {
            foreach (var bad in BadParameterValues)
            {
                yield return ($"path {name}={Show(bad)}", () => new HttpRequestMessage(method, Url(operation, n => n == name ? bad : null)) { Content = BodyOf(operation) });
            }
        }

        foreach (var name in queryParameters)
        {
            foreach (var bad in BadParameterValues.Append(Uri.EscapeDataString(new string('q', 3000))))
            {
                yield return ($"query {name}={Show(bad)}", () => new HttpRequestMessage(method, Url(operation, _ => null) + $"?{name}={bad}") { Content = BodyOf(operation) });
            }
        }

        if (operation.Method is "GET" or "DELETE")
        {
            yield break;
        }

        var url = Url(operation, _ => null);
        var contentTypes = operation.Node["requestBody"]?["content"]?.AsObject().Select(c => c.Key).ToList() ?? [];
        foreach (var raw in BadRawBodies)
        {
            yield return ($"body {Show(raw)}", () => new HttpRequestMessage(method, url) { Content = new StringContent(raw, Encoding.UTF8, "application/json") });
        }

        yield return ("body invalid UTF-8", () => new HttpRequestMessage(method, url) { Content = Bytes([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D], "application/json") });

        var schema = Resolve(operation.Node["requestBody"]?["content"]?["application/json"]?["schema"], document);
        var properties = schema?["properties"]?.AsObject().Select(p => (p.Key, Schema: Resolve(p.Value, document))).ToList() ?? [];
        foreach (var (name, propertySchema) in properties)
        {
            foreach (var (label, value) in BadValues(propertySchema))
            {
                yield return ($"{name}={label}", () => JsonRequest(method, url, new JsonObject { [name] = value?.DeepClone() }));
                yield return ($"sample+{name}={label}", () => JsonRequest(method, url, Sample(properties, name, value)));
            }
        }

        if (properties.Count > 0)
        {
            yield return ("every string NUL", () => JsonRequest(method, url, Sample(properties, null, null, "n\u0000l")));
        }

        if (contentTypes.Contains("multipart/form-data") || operation.Path.Contains("upload", StringComparison.Ordinal) || operation.Path.EndsWith("/media", StringComparison.Ordinal))
        {
            yield return ("truncated multipart", () => new HttpRequestMessage(method, url) { Content = TruncatedMultipart() });
            yield return ("multipart without boundary", () => new HttpRequestMessage(method, url) { Content = Bytes("x"u8.ToArray(), "multipart/form-data") });
            yield return ("multipart text NUL", () => new HttpRequestMessage(method, url) { Content = MultipartText("n\u0000l") });
        }

        if (contentTypes.Contains("text/plain"))
        {
            yield return ("text/plain NUL", () => new HttpRequestMessage(method, url) { Content = new StringContent("user\u0000:pass\u0001:x", Encoding.UTF8, "text/plain") });
            yield return ("multipart text NUL", () => new HttpRequestMessage(method, url) { Content = MultipartText("user\u0000:pass\u0001") });
            yield return ("truncated multipart", () => new HttpRequestMessage(method, url) { Content = TruncatedMultipart() });
        }
    }

    private static readonly string[] BadParameterValues = ["%00", "a%00b", "%01", "%1B", "abc", "-1", "0", "99999999999999999999", "1.5", "%FF", "%ED%A0%80"];

    private static readonly string[] BadRawBodies =
        ["", "{}", "null", "[]", "\"x\"", "123", "true", "{", "{\"a\":", "[{", "{\"a\":1}}", "{\"a\":\"\\u0000\"}", "\u0000", "{\"a\":\"\\ud800\"}"];

    private static IEnumerable<(string Label, JsonNode? Value)> BadValues(JsonNode? schema)
    {
        yield return ("NUL", "n\u0000l");
        yield return ("control chars", "a\u0001b\u001bc\u007f");
        yield return ("lone surrogate", LoneSurrogate);
        yield return ("1 MB string", Huge);
        yield return ("null", null);
        yield return ("number", 12345);
        yield return ("huge number", JsonNode.Parse("1e40"));
        yield return ("negative", -1);
        yield return ("bool", true);
        yield return ("string", "abc");
        yield return ("object", new JsonObject { ["a"] = "n\u0000l" });
        yield return ("[null]", new JsonArray((JsonNode?)null));
        yield return ("[NUL]", new JsonArray("n\u0000l"));
        yield return ("[1 MB]", new JsonArray(Huge));
        yield return ("[wrong type]", new JsonArray(new JsonObject()));
        if (Type(schema) == "array")
        {
            yield return ("[-1]", new JsonArray(-1));
        }
    }

    /// <summary>A plausible object for the schema, with <paramref name="field"/> set to <paramref name="value"/>.</summary>
    private static JsonObject Sample(List<(string Key, JsonNode? Schema)> properties, string? field, JsonNode? value, string text = "x")
    {
        var sample = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            sample[name] = name == field ? value?.DeepClone() : Type(schema) switch
            {
                "integer" or "number" => 1,
                "boolean" => true,
                "array" => Type(schema?["items"]) is "integer" or "number" ? new JsonArray(1) : new JsonArray(text),
                "object" => new JsonObject { ["k"] = text },
                _ => text,
            };
        }

        return sample;
    }

    private static string? Type(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue v => (string?)v,
        JsonArray a => a.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    private static JsonNode? Resolve(JsonNode? schema, JsonNode document)
    {
        for (var i = 0; i < 5 && schema?["$ref"] is { } reference; i++)
        {
            var name = ((string)reference!).Split('/')[^1];
            schema = document["components"]?["schemas"]?[name];
        }

        return schema;
    }

    private string Url(Operation operation, Func<string, string?> value) =>
        ParameterPattern().Replace(operation.Path, m =>
        {
            var name = m.Groups[1].Value;
            return value(name) ?? Fill(operation.Path[..m.Index], name);
        });

    /// <summary>An id that exists for the route's resource, so bad bodies reach the writes behind them.</summary>
    private string Fill(string before, string name)
    {
        var segment = before.TrimEnd('/').Split('/')[^1];
        return (segment, name) switch
        {
            (_, "kind") => "bulk_login",
            (_, "workerId") => "walk-worker",
            ("bulk-tasks" or "tasks" or "uniquify", _) => _ids["task"],
            ("bulk-accounts" or "queries", _) => _ids["item"],
            ("accounts", _) when before.Contains("/{kind}/", StringComparison.Ordinal) => _ids["item"],
            ("accounts", _) => _ids["account"],
            ("proxies", _) => _ids["proxy"],
            ("media" or "avatar-media", _) => _ids["media"],
            ("categories" or "follow-categories", _) => _ids["category"],
            _ => "1",
        };
    }

    private static HttpContent? BodyOf(Operation operation) =>
        operation.Method is "GET" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json");

    /// <summary>JsonNode cannot hold a lone surrogate; this marker becomes the escape "\\ud800" in the sent text.</summary>
    private const string LoneSurrogate = "@lone-surrogate@";

    private static HttpRequestMessage JsonRequest(HttpMethod method, string url, JsonNode body) =>
        new(method, url)
        {
            Content = new StringContent(body.ToJsonString().Replace(LoneSurrogate, "\\ud800x", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };

    private static ByteArrayContent Bytes(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent TruncatedMultipart()
    {
        var text = "--walkboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\n\0\0\0\x18ftypmp42";
        return Bytes(Encoding.Latin1.GetBytes(text), "multipart/form-data; boundary=walkboundary");
    }

    private static MultipartFormDataContent MultipartText(string text) => new() { { new StringContent(text), "text" } };

    private static string Show(string value) =>
        Cut(value.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\u0001", "\\u0001", StringComparison.Ordinal), 40);

    private static string Cut(string text, int max = 300) => text.Length <= max ? text : text[..max] + "…";

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex ParameterPattern();
}
