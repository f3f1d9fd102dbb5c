using System.Net;
using System.Net.Http.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>Sign-in and token endpoints are rate limited per client address: 429 with Retry-After, others unaffected.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RateLimitTests(ControlPlaneFixture fx)
{
    [Theory]
    [InlineData("/api/login/", "127.0.0.3")]
    [InlineData("/api/token/refresh/", "127.0.0.4")]
    [InlineData("/account/login", "127.0.0.5")]
    public async Task Repeated_attempts_from_one_address_get_429_with_retry_after(string path, string source)
    {
        using var anonymous = fx.Anonymous();
        using var attacker = SourceAddress.Client(anonymous, source);

        HttpResponseMessage? limited = null;
        var attempts = 0;
        while (limited is null && attempts < 500)
        {
            attempts++;
            var response = await attacker.PostAsync(path, Attempt(path));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.True((int)response.StatusCode < 500, $"Attempt {attempts} got {(int)response.StatusCode}");
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.True(attempts > 1, "The very first attempt was refused.");
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        }

        // Another client (the tests' own address) still signs in; the sign-in page itself stays readable.
        using var login = await anonymous.PostAsJsonAsync("/api/login/", new { username = "worker", password = fx.WorkerPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var page = await attacker.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static HttpContent Attempt(string path) => path == "/account/login"
        ? new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login", ["Input.Email"] = "a@b.test", ["Input.Password"] = "wrong" })
        : JsonContent.Create(new { username = "worker", password = "wrong-password", refresh = "not-a-token" });
}
