using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Sandbox.State;
using InstaUploader.Tests.Instagram;

namespace InstaUploader.Tests.Conformance;

/// <summary>
/// The requests one device sent, as the Sandbox recorded them (names, never values), and how two devices' requests
/// for the same actions differ: per endpoint (method and path with ids blanked), whether the body is signed, its
/// field names, query names and header names.
/// </summary>
internal static partial class RecordedRequests
{
    /// <summary>Headers about the connection, not the app or device; HttpClient and requests set them differently.</summary>
    private static readonly HashSet<string> Transport = ["host", "content-length", "connection", "accept-encoding", "accept", "expect", "transfer-encoding"];

    public static async Task<IReadOnlyList<MobileRequestRecord>> OfDeviceAsync(SandboxFixture sandbox, string androidId) =>
        await sandbox.Http.GetFromJsonAsync<List<MobileRequestRecord>>(
            $"sandbox/api/mobile-requests?androidId={Uri.EscapeDataString(androidId)}", new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];

    /// <summary>"POST /api/v1/media/{}/like/": path segments holding an id (any digit, bar the API version) are blanked.</summary>
    public static string Endpoint(MobileRequestRecord request) =>
        $"{request.Method} {string.Join('/', request.Path.Split('/').Select(s => s.Any(char.IsDigit) && !ApiVersion().IsMatch(s) ? "{}" : s))}";

    /// <summary>Every difference, one line each, between the first request each side sent to each endpoint.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<MobileRequestRecord> ours, IReadOnlyList<MobileRequestRecord> reference)
    {
        var oursByEndpoint = ours.GroupBy(Endpoint).ToDictionary(g => g.Key, g => g.First());
        var referenceByEndpoint = reference.GroupBy(Endpoint).ToDictionary(g => g.Key, g => g.First());
        var differences = new List<string>();
        foreach (var endpoint in oursByEndpoint.Keys.Except(referenceByEndpoint.Keys))
        {
            differences.Add($"{endpoint}: sent only by our client");
        }

        foreach (var endpoint in referenceByEndpoint.Keys.Except(oursByEndpoint.Keys))
        {
            differences.Add($"{endpoint}: sent only by the reference");
        }

        foreach (var endpoint in oursByEndpoint.Keys.Intersect(referenceByEndpoint.Keys))
        {
            var (a, b) = (oursByEndpoint[endpoint], referenceByEndpoint[endpoint]);
            if (a.BodyKind != b.BodyKind)
            {
                differences.Add($"{endpoint}: body {a.BodyKind} here, {b.BodyKind} in the reference");
            }

            Compare(differences, endpoint, "body field", a.BodyFields, b.BodyFields);
            Compare(differences, endpoint, "query", a.QueryNames, b.QueryNames);
            Compare(differences, endpoint, "header", a.HeaderNames.Except(Transport).ToList(), b.HeaderNames.Except(Transport).ToList());
        }

        return [.. differences.Order(StringComparer.Ordinal)];
    }

    /// <summary>The app's user agent: "Instagram {version} Android ({api}/{release}; {dpi}; {w}x{h}; {maker}; {model}; {device}; {cpu}; {locale}; {code})".</summary>
    public static bool IsAppUserAgent(string userAgent) => AppUserAgent().IsMatch(userAgent);

    private static void Compare(List<string> differences, string endpoint, string what, IReadOnlyList<string> ours, IReadOnlyList<string> reference)
    {
        differences.AddRange(ours.Except(reference).Select(n => $"{endpoint}: {what} {n} only in ours"));
        differences.AddRange(reference.Except(ours).Select(n => $"{endpoint}: {what} {n} only in the reference"));
    }

    [GeneratedRegex(@"^v\d+$")]
    private static partial Regex ApiVersion();

    [GeneratedRegex(@"^Instagram \d+(\.\d+)+ Android \(\d+/\d+(\.\d+)*; \d+dpi; \d+x\d+; [^;]+; [^;]+; [^;]+; [^;]+; [a-z]{2}_[A-Z]{2}; \d+\)$")]
    private static partial Regex AppUserAgent();
}
