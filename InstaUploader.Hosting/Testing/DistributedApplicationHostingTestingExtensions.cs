namespace Aspire.Hosting.Testing;

public static class DistributedApplicationHostingTestingExtensions
{
    /// <summary>An HttpClient whose BaseAddress is the given replica's endpoint.</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, int replica = 0) =>
        new() { BaseAddress = app.GetEndpoint(resourceName, replica) };
}
