using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Calendar;

/// <summary>
/// Scheduled work over the operator and worker APIs (issue 26, item 1): an item is not claimable before its due time and
/// is after it; a bulk upload spread over days gets one post per video, each in the account's own zone; a planned post
/// can be moved (checked against windows and gap, with the reason as a field error) or cancelled.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class CalendarApiTests(ControlPlaneFixture fx)
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public async Task A_scheduled_item_is_not_claimed_before_its_due_time_and_is_claimed_after_it()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker("calendar-claimer");
        var accounts = await op.ImportAccountsAsync([OperatorApi.Unique("cal")]);
        var startAt = DateTimeOffset.UtcNow.AddSeconds(6);
        var task = await op.CreateTaskAsync(new
        {
            kind = "bulk_login", account_ids = accounts, start = true,
            options = new { schedule = new { start_at = startAt } },
        });
        var taskId = task.GetProperty("id").GetInt32();
        var entry = (await CalendarAsync(op, startAt.AddMinutes(-1), startAt.AddMinutes(1), $"&task_id={taskId}")).Single();
        var due = entry.GetProperty("due_at").GetDateTimeOffset();
        Assert.True(due >= startAt.AddMilliseconds(-1), $"due {due:O} is before the schedule's start {startAt:O}");
        Assert.Equal("queued", entry.GetProperty("status").GetString());

        var upcoming = await op.GetFromJsonAsync<JsonElement>("/api/v1/calendar/upcoming");
        Assert.True(upcoming.GetProperty("count").GetInt32() >= 1);
        Assert.Contains(upcoming.GetProperty("first").EnumerateArray(), e => e.GetProperty("item_id").GetInt64() == entry.GetProperty("item_id").GetInt64());

        Assert.Null(await ClaimAsync(worker, taskId));

        JsonElement? claimed;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((claimed = await ClaimAsync(worker, taskId)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the scheduled item was never claimed once due");
            await Task.Delay(200);
        }

        Assert.True(DateTimeOffset.UtcNow >= due, "claimed before its due time");
        Assert.Equal(entry.GetProperty("item_id").GetInt64(), claimed!.Value.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_bulk_upload_spread_over_days_posts_each_video_at_its_own_time_in_the_accounts_zone()
    {
        using var op = fx.Operator();
        var (taskId, day1, items) = await SpreadUploadAsync(op);

        Assert.Equal(2, items.Count);
        Assert.Equal([day1.AddHours(9), day1.AddDays(1).AddHours(9)], items.Select(i => Local(i.GetProperty("due_at").GetDateTimeOffset())));
        Assert.All(items, i => Assert.Equal("queued", i.GetProperty("status").GetString()));
        Assert.Equal(2, items.Select(i => i.GetProperty("video").GetString()).Distinct().Count());
        using var worker = fx.Worker("calendar-early");
        Assert.Null(await ClaimAsync(worker, taskId));
    }

    [Fact]
    public async Task Moving_a_planned_post_is_checked_against_its_windows_and_gap_and_bad_input_gets_field_errors()
    {
        using var op = fx.Operator();
        var (_, day1, items) = await SpreadUploadAsync(op);
        var first = items[0].GetProperty("item_id").GetInt64();
        var second = items[1].GetProperty("item_id").GetInt64();

        await AssertFieldErrorAsync(await MoveAsync(op, second, new { }), "due_at", "Required");
        await AssertFieldErrorAsync(await MoveAsync(op, second, new { due_at = At(day1.AddHours(3)) }), "due_at", "outside the posting windows");
        await AssertFieldErrorAsync(await MoveAsync(op, second, new { due_at = At(day1.AddHours(9.5)) }), "due_at", "less than 60 min");
        await AssertFieldErrorAsync(await MoveAsync(op, second, new { due_at = DateTimeOffset.UtcNow.AddHours(-1) }), "due_at", "in the past");
        using (var bad = await op.PostAsync($"/api/v1/calendar/items/{second}/move", new StringContent("{\"due_at\": 5}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        }

        using (var missing = await MoveAsync(op, 999_999_999, new { due_at = At(day1.AddHours(12)) }))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var moved = await MoveAsync(op, second, new { due_at = At(day1.AddHours(12)) }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            var body = await moved.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(day1.AddHours(12), Local(body.GetProperty("due_at").GetDateTimeOffset()));
        }

        using (var cancelled = await op.PostAsync($"/api/v1/calendar/items/{first}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
            Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        using (var again = await op.PostAsync($"/api/v1/calendar/items/{first}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        }

        using var movedCancelled = await MoveAsync(op, first, new { due_at = At(day1.AddHours(15)) });
        Assert.Equal(HttpStatusCode.Conflict, movedCancelled.StatusCode);
    }

    [Fact]
    public async Task Bad_calendar_ranges_schedules_and_zones_get_field_errors()
    {
        using var op = fx.Operator();
        var now = DateTimeOffset.UtcNow;
        await AssertFieldErrorAsync(await op.GetAsync($"/api/v1/calendar?to={At(now)}"), "from", "Required");
        await AssertFieldErrorAsync(await op.GetAsync($"/api/v1/calendar?from={At(now)}&to={At(now.AddDays(-1))}"), "to", "after from");
        await AssertFieldErrorAsync(await op.GetAsync($"/api/v1/calendar?from={At(now)}&to={At(now.AddDays(100))}"), "to", "62 days");
        await AssertFieldErrorAsync(await op.GetAsync($"/api/v1/calendar?from={At(now)}&to={At(now.AddDays(1))}&status=soon"), "status", "One of");
        await AssertFieldErrorAsync(
            await op.PostAsJsonAsync("/api/v1/accounts", new { username = OperatorApi.Unique("tz"), password = "secret-pass-1", time_zone = "Mars/Olympus" }),
            "time_zone", "IANA");
        var accounts = await op.ImportAccountsAsync([OperatorApi.Unique("cal")]);
        await AssertFieldErrorAsync(
            await op.PostAsJsonAsync("/api/v1/tasks", new
            {
                kind = "warmup", account_ids = accounts,
                options = new { schedule = new { windows = new[] { new { days = new[] { "someday" }, from = "9", to = "17:00" } } } },
            }),
            "options.schedule.windows[0].days", "Days of the week");
    }

    /// <summary>A bulk upload of two videos for one New York account, spread over two days from local midnight tomorrow.</summary>
    private static async Task<(int TaskId, DateTime Day1, List<JsonElement> Items)> SpreadUploadAsync(HttpClient op)
    {
        var account = await CreateAccountAsync(op, OperatorApi.Unique("calny"), "America/New_York");
        var dir = Path.Combine(Path.GetTempPath(), "iu-tests", "calendar");
        var videos = new List<int>();
        for (var v = 0; v < 2; v++)
        {
            videos.Add((await op.UploadMediaAsync(OperatorApi.MakeVideo(dir, seconds: 1, size: 64), "video/mp4")).GetProperty("id").GetInt32());
        }

        var day1 = Local(DateTimeOffset.UtcNow).Date.AddDays(1);
        var task = await op.CreateTaskAsync(new
        {
            kind = "bulk_upload", account_ids = new[] { account }, start = true,
            videos = videos.Select((m, i) => new { media_id = m, title = $"video {i}" }).ToArray(),
            options = new
            {
                schedule = new
                {
                    start_at = At(day1), time_zone = "Europe/Berlin", min_gap_minutes = 60, spread_days = 2,
                    windows = new[] { new { days = new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }, from = "09:00", to = "17:00" } },
                },
            },
        });
        var taskId = task.GetProperty("id").GetInt32();
        var items = await CalendarAsync(op, At(day1), At(day1.AddDays(3)), $"&task_id={taskId}");
        return (taskId, day1, items);
    }

    private static async Task<int> CreateAccountAsync(HttpClient op, string username, string zone)
    {
        using var response = await op.PostAsJsonAsync("/api/v1/accounts", new { username, password = "secret-pass-1", time_zone = zone });
        await OperatorApi.EnsureAsync(response);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(zone, body.GetProperty("time_zone").GetString());
        return body.GetProperty("id").GetInt32();
    }

    private static async Task<List<JsonElement>> CalendarAsync(HttpClient op, DateTimeOffset from, DateTimeOffset to, string filters = "")
    {
        var page = await op.GetFromJsonAsync<JsonElement>($"/api/v1/calendar?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}{filters}");
        return [.. page.GetProperty("entries").EnumerateArray()];
    }

    private static Task<HttpResponseMessage> MoveAsync(HttpClient op, long item, object body) =>
        op.PostAsJsonAsync($"/api/v1/calendar/items/{item}/move", body);

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field, string words)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {text}");
            Assert.Contains(words, messages[0].GetString(), StringComparison.Ordinal);
        }
    }

    private static DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, NewYork).DateTime;

    /// <summary>A New York wall-clock time as an instant.</summary>
    private static DateTimeOffset At(DateTime newYork) => new(newYork, NewYork.GetUtcOffset(newYork));

    private static string At(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));

    private static async Task<JsonElement?> ClaimAsync(HttpClient worker, int taskId)
    {
        using var response = await worker.PostAsync($"/api/queries/claim_next/?task_id={taskId}", null);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await OperatorApi.EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
