using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using InstaUploader.Worker;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.DependencyInjection;

namespace InstaUploader.Tests.Worker;

/// <summary>
/// The worker's log shipper decides as its Web client does which answers are worth sending again: a batch answered
/// with a server error is sent again under the same Idempotency-Key until the Web takes it; one the Web refuses
/// (4xx, or a redirect) is dropped so the lines behind it still go.
/// </summary>
public sealed class LogShipperTests
{
    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Found, false)]
    public async Task A_batch_is_sent_again_only_after_an_answer_worth_retrying(HttpStatusCode firstAnswer, bool retried)
    {
        var web = new ScriptedWeb(firstAnswer);
        await using var services = Services(web);
        var shipper = services.GetRequiredService<LogShipper>();
        await shipper.StartAsync(default);

        shipper.Enqueue(7, "first line");
        await shipper.FlushedAsync().WaitAsync(TimeSpan.FromSeconds(30));
        shipper.Enqueue(7, "second line");
        await shipper.FlushedAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await shipper.StopAsync(default);

        var sent = web.Requests.ToList();
        Assert.Equal(retried ? 3 : 2, sent.Count);
        if (retried)
        {
            Assert.Equal(sent[0].Key, sent[1].Key);
            Assert.Equal(sent[0].Lines, sent[1].Lines);
        }

        Assert.Equal(["first line"], sent[0].Lines);
        Assert.Equal(["second line"], sent[^1].Lines);
        Assert.NotEqual(sent[0].Key, sent[^1].Key);
    }

    private static ServiceProvider Services(HttpMessageHandler web)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<WorkerOptions>().Configure(o =>
        {
            o.WebBaseUrl = new Uri("http://web.test");
            o.WorkerToken = "token";
            o.WorkerId = "shipper-test";
        });
        services.AddWebApiClient().ConfigurePrimaryHttpMessageHandler(() => web);
        services.AddSingleton<LogShipper>();
        return services.BuildServiceProvider();
    }

    /// <summary>Answers the first batch with the given status and every later one with 200.</summary>
    private sealed class ScriptedWeb(HttpStatusCode firstAnswer) : HttpMessageHandler
    {
        public ConcurrentQueue<(string Key, string[] Lines)> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(ct)).RootElement;
            var lines = body.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("log_data").GetString()!).ToArray();
            Requests.Enqueue((request.Headers.GetValues("Idempotency-Key").Single(), lines));
            return Requests.Count == 1
                ? new HttpResponseMessage(firstAnswer)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"ok":true,"duplicate":false,"appended":1,"unknown_queries":[]}""") };
        }
    }
}
