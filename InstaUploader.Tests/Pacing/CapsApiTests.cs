using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Pacing;

/// <summary>The operator's caps over the API: per workspace and per account, validated field by field.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class CapsApiTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Bad_caps_answer_400_with_an_error_per_field()
    {
        using var op = fx.Operator();
        using var response = await op.PutAsJsonAsync("/api/v1/pacing/caps", new
        {
            caps = new Dictionary<string, object>
            {
                ["post"] = new { per_hour = 5, per_day = 3 },
                ["like"] = new { per_hour = -1 },
                ["teleport"] = new { per_hour = 1 },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("caps.post.per_hour", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("caps.like.per_hour", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("caps.teleport", out _), errors.ToString());
    }

    [Fact]
    public async Task An_account_s_own_caps_apply_to_it_and_the_workspace_s_show_what_they_replace()
    {
        using var op = fx.Operator();
        var account = await op.CreateAccountAsync(OperatorApi.Unique("caps"));
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync("/api/v1/accounts/999999999/caps")).StatusCode);

        using (var saved = await op.PutAsJsonAsync($"/api/v1/accounts/{account}/caps", new { caps = new { follow = new { per_hour = 7, per_day = 70 } } }))
        {
            await OperatorApi.EnsureAsync(saved);
        }

        var pacing = await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{account}/pacing");
        var follow = pacing.GetProperty("usage").EnumerateArray().Single(u => u.GetProperty("action").GetString() == "follow").GetProperty("cap");
        Assert.Equal(7, follow.GetProperty("per_hour").GetInt32());
        Assert.Equal(70, follow.GetProperty("per_day").GetInt32());
        Assert.Contains("account's own caps", follow.GetProperty("why").GetString(), StringComparison.Ordinal);

        try
        {
            using var workspace = await op.PutAsJsonAsync("/api/v1/pacing/caps", new { caps = new { like = new { per_hour = 11 } } });
            await OperatorApi.EnsureAsync(workspace);
            var like = (await workspace.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caps").EnumerateArray()
                .Single(c => c.GetProperty("action").GetString() == "like");
            Assert.Equal(11, like.GetProperty("per_hour").GetInt32());
            Assert.Equal(JsonValueKind.Null, like.GetProperty("per_day").ValueKind);
            Assert.Equal("default caps", like.GetProperty("inherited_from").GetString());
            // By age: a new account gets a share of the caps; one past the ramp gets the whole of them.
            var byAge = like.GetProperty("by_age").EnumerateArray().ToList();
            Assert.True(byAge[0].GetProperty("per_hour").GetInt32() < 11);
            Assert.Equal(11, byAge[^1].GetProperty("per_hour").GetInt32());
        }
        finally
        {
            using var reset = await op.PutAsJsonAsync("/api/v1/pacing/caps", new { caps = new { } });
            await OperatorApi.EnsureAsync(reset);
        }
    }
}
