using System.Net;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace InstaUploader.Tests.Cluster;

/// <summary>A worker given two Web replicas moves to the live one when the other refuses, and stays there.</summary>
public sealed class WebFailoverHandlerTests
{
    private static readonly Uri Dead = new("http://10.0.0.1:8000/");
    private static readonly Uri Live = new("http://10.0.0.2:8000/");

    [Fact]
    public async Task A_refused_replica_is_skipped_and_the_next_one_kept()
    {
        var transport = new Transport(refuses: Dead.Authority);
        using var client = Client(transport);

        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync(new Uri(Dead, "/api/queries/claim_next/"), new StringContent("{}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(transport.Answered, u => Assert.Equal(Live.Authority, u.Authority));
        Assert.Equal("/api/queries/claim_next/", transport.Answered[0].PathAndQuery);
        Assert.Equal(4, transport.Answered.Count);
        Assert.Equal(1, transport.Refused);
    }

    [Fact]
    public async Task With_every_replica_refusing_the_error_reaches_the_caller()
    {
        var transport = new Transport(refuses: "*");
        using var client = Client(transport);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(Live, "/alive")));
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Equal(2, transport.Refused);
    }

    [Fact]
    public async Task Hosts_that_are_not_the_web_pass_through()
    {
        var transport = new Transport(refuses: Dead.Authority);
        using var client = Client(transport);
        var other = new Uri("http://10.0.0.9:9999/other");

        using var response = await client.GetAsync(other);
        Assert.Equal([other], transport.Answered);
    }

    [Fact]
    public void The_replicas_are_the_webs_service_discovery_endpoints()
    {
        var config = Config();
        Assert.Equal([Dead, Live], WebFailoverHandler.ReplicasOf(config, new Uri("http://web")));
        Assert.Empty(WebFailoverHandler.ReplicasOf(config, new Uri("http://10.0.0.2:8000")));
    }

    // Starts at the dead replica, so the first request must fail over.
    private static HttpClient Client(HttpMessageHandler transport) =>
        new(new WebFailoverHandler([Dead, Live], NullLogger<WebFailoverHandler>.Instance, start: 0) { InnerHandler = transport });

    private static IConfiguration Config()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:web:http:0"] = Dead.ToString(),
            ["services:web:http:1"] = Live.ToString(),
        }).Build();
        return config;
    }

    private sealed class Transport(string refuses) : HttpMessageHandler
    {
        public List<Uri> Answered { get; } = [];
        public int Refused { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (refuses == "*" || uri.Authority == refuses)
            {
                Refused++;
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connection refused ({uri.Authority})");
            }

            Answered.Add(uri);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
