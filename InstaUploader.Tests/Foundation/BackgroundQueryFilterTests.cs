using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// Background loops' database queries stay out of the dashboard's trace list (issue 23 item 7), while a query made
/// inside a request keeps its place in that request's trace (the Worker→Web→Npgsql claim trace).
/// </summary>
public sealed class BackgroundQueryFilterTests : IDisposable
{
    private readonly ActivitySource _database = new(BackgroundQueryFilter.DatabaseSourceName);
    private readonly ActivitySource _request = new("InstaUploader.Tests.Request");
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = s => s.Name is BackgroundQueryFilter.DatabaseSourceName or "InstaUploader.Tests.Request",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };
    private readonly BackgroundQueryFilter _filter = new();

    public BackgroundQueryFilterTests() => ActivitySource.AddActivityListener(_listener);

    [Fact]
    public void A_query_outside_any_trace_is_not_recorded()
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            using var query = _database.StartActivity("instauploader", ActivityKind.Client)!;
            query.Stop();
            _filter.OnEnd(query);
            Assert.False(query.Recorded);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    [Fact]
    public void A_query_inside_a_request_stays_in_its_trace()
    {
        using var request = _request.StartActivity("POST /api/queries/claim_next/", ActivityKind.Server)!;
        using var query = _database.StartActivity("instauploader", ActivityKind.Client)!;
        query.Stop();
        _filter.OnEnd(query);
        Assert.True(query.Recorded);
        Assert.Equal(request.TraceId, query.TraceId);
    }

    [Fact]
    public void A_span_of_another_source_without_parent_is_kept()
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            using var claim = _request.StartActivity("POST", ActivityKind.Client)!;
            claim.Stop();
            _filter.OnEnd(claim);
            Assert.True(claim.Recorded);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _database.Dispose();
        _request.Dispose();
        _filter.Dispose();
    }
}
