using System.Text.Json;
using InstaUploader.Web.Features.Queue;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// The router over the claim protocol's queues (issue 13): claims take from the sources that serve them in rank order,
/// a report reaches the source that issued the id — whatever the id looks like — and no other.
/// </summary>
public sealed class WorkSourcesTests
{
    [Fact]
    public async Task A_report_goes_to_the_source_that_issued_the_id_whatever_its_shape()
    {
        // Both sources issue numeric ids: the one asked first must not take the other's.
        var uploads = new FakeSource(rank: 0, kinds: ["warmup"], prefix: "1");
        var scrapes = new FakeSource(rank: 1, kinds: ["discover"], prefix: "2");
        var router = new WorkSources([scrapes, uploads]);
        var upload = (string)(await router.ClaimNextAsync("w", "warmup", null, null, CancellationToken.None))!;
        var scrape = (string)(await router.ClaimNextAsync("w", "discover", null, null, CancellationToken.None))!;

        Assert.IsType<Ok<string>>(await router.ReportAsync(upload, "w", default, CancellationToken.None));
        Assert.IsType<Ok<string>>(await router.ReportAsync(scrape, "w", default, CancellationToken.None));
        Assert.Null(await router.ReportAsync("11", "w", default, CancellationToken.None));

        Assert.Equal([upload], uploads.Reported);
        Assert.Equal([scrape], scrapes.Reported);
    }

    [Fact]
    public async Task A_claim_takes_from_the_sources_in_rank_order_and_the_next_fills_what_is_left()
    {
        var uploads = new FakeSource(rank: 0, kinds: ["warmup", "follow"], prefix: "1", available: 3);
        var scrapes = new FakeSource(rank: 1, kinds: ["discover"], prefix: "s", available: 5);
        var router = new WorkSources([scrapes, uploads]);
        Assert.Equal(["warmup", "follow", "discover"], router.Kinds);

        // Full from the first source: the second is not asked.
        var first = await router.ClaimManyAsync("w", 2, null, null, null, CancellationToken.None);
        Assert.Equal(["10", "11"], first.Cast<string>());
        Assert.Equal(0, scrapes.Asked);

        var next = await router.ClaimManyAsync("w", 3, null, null, null, CancellationToken.None);
        Assert.Equal(["12", "s0", "s1"], next.Cast<string>());

        // A source that does not serve the kind is not asked at all.
        var asked = uploads.Asked;
        Assert.Equal("s2", await router.ClaimNextAsync("w", "discover", null, null, CancellationToken.None));
        Assert.Equal(asked, uploads.Asked);
    }

    /// <summary>A queue that hands out ids "{prefix}{n}" and remembers which it issued (the registration).</summary>
    private sealed class FakeSource(int rank, string[] kinds, string prefix, int available = int.MaxValue) : IWorkSource
    {
        private readonly HashSet<string> _issued = [];

        public List<string> Reported { get; } = [];

        public int Asked { get; private set; }

        public int Rank => rank;

        public IReadOnlyCollection<string> Kinds => kinds;

        public bool Serves(string? kind, int? taskId) => kind is null || kinds.Contains(kind);

        public Task<object?> ClaimNextAsync(string owner, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
        {
            Asked++;
            return Task.FromResult<object?>(Issue());
        }

        public Task<List<object>> ClaimManyAsync(string owner, int limit, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
        {
            Asked++;
            var claimed = new List<object>();
            while (claimed.Count < limit && Issue() is { } id)
            {
                claimed.Add(id);
            }

            return Task.FromResult(claimed);
        }

        private string? Issue()
        {
            if (_issued.Count >= available)
            {
                return null;
            }

            var id = prefix + _issued.Count;
            _issued.Add(id);
            return id;
        }

        public Task<IResult?> ReportAsync(string id, string owner, JsonElement body, CancellationToken ct)
        {
            if (!_issued.Contains(id))
            {
                return Task.FromResult<IResult?>(null);
            }

            Reported.Add(id);
            return Task.FromResult<IResult?>(TypedResults.Ok(id));
        }

        public Task<int> RescueExpiredAsync(CancellationToken ct) => Task.FromResult(0);

        public Task<int> CountBecameDueAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken ct) => Task.FromResult(0);
    }
}
