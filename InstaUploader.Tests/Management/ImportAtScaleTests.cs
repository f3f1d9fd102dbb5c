using System.Net;
using System.Text;
using InstaUploader.Tests.Infrastructure;
using Npgsql;
using static InstaUploader.Tests.Management.ManagementHttp;

namespace InstaUploader.Tests.Management;

/// <summary>5,000-line imports: bad lines reported by number, re-import changes nothing, a failure keeps nothing.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ImportAtScaleTests(ControlPlaneFixture fx)
{
    private const int Lines = 5000;

    [Fact]
    public async Task A_5000_line_proxy_import_reports_bad_lines_and_a_second_run_changes_nothing()
    {
        using var api = fx.Operator();
        var host = $"bulk-{Guid.NewGuid():N}.example.net";
        var lines = Enumerable.Range(0, Lines).Select(i => $"{host}:{10000 + i}:user{i}:pass{i}").ToList();
        lines[99] = "not a proxy";                  // line 100
        lines[4999] = $"{host}:99999";             // line 5000: port out of range
        var text = string.Join('\n', lines);

        var first = await ImportAsync(api, "/api/v1/proxies/import", text);
        Assert.Equal(Lines - 2, first.Body.GetProperty("created").GetInt32());
        Assert.Equal([100, 5000], first.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));

        var again = await ImportAsync(api, "/api/v1/proxies/import?update=true", text);
        Assert.Equal((0, 0, Lines - 2), (again.Body.GetProperty("created").GetInt32(), again.Body.GetProperty("updated").GetInt32(), again.Body.GetProperty("skipped").GetInt32()));
        Assert.Equal([100, 5000], again.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal(Lines - 2, (await GetAsync(api, $"/api/v1/proxies?q={host}&page_size=1")).Body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_5000_line_account_import_is_idempotent_and_all_or_nothing()
    {
        using var api = fx.Operator();
        var prefix = "sc" + Guid.NewGuid().ToString("N")[..8];
        var lines = Enumerable.Range(0, Lines).Select(i => $"{prefix}_{i}:pw-{i}").ToList();
        lines[2499] = $"{prefix}_bad name:pw";      // line 2500
        var text = string.Join('\n', lines);

        // A database failure on the 4,000th record (a trigger refuses it) must leave none of the 3,999 before it.
        var boom = $"{prefix}_3999";
        await using (var db = new NpgsqlConnection(await fx.ConnectionStringAsync()))
        {
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand($"""
                CREATE FUNCTION {prefix}_boom() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.username = '{boom}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER {prefix}_boom BEFORE INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION {prefix}_boom();
                """, db);
            await cmd.ExecuteNonQueryAsync();
            using var failed = await api.PostAsync("/api/v1/accounts/import", new StringContent(text, Encoding.UTF8, "text/plain"));
            Assert.False(failed.IsSuccessStatusCode);
            await using var drop = new NpgsqlCommand($"DROP TRIGGER {prefix}_boom ON accounts; DROP FUNCTION {prefix}_boom();", db);
            await drop.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await CountAsync(api, prefix));

        var first = await ImportAsync(api, "/api/v1/accounts/import", text);
        Assert.Equal(Lines - 1, first.Body.GetProperty("created").GetInt32());
        var error = Assert.Single(first.Body.GetProperty("errors").EnumerateArray());
        Assert.Equal(2500, error.GetProperty("line").GetInt32());
        Assert.Contains("username", error.Str("error"), StringComparison.Ordinal);

        var again = await ImportAsync(api, "/api/v1/accounts/import", text);
        Assert.Equal((0, 0, Lines - 1), (again.Body.GetProperty("created").GetInt32(), again.Body.GetProperty("updated").GetInt32(), again.Body.GetProperty("skipped").GetInt32()));
        Assert.Single(again.Body.GetProperty("errors").EnumerateArray());
        var updatedAt = (await GetAsync(api, $"/api/v1/accounts?q={prefix}_0&page_size=1")).Body.GetProperty("items")[0].Str("updated_at");
        var withUpdate = await ImportAsync(api, "/api/v1/accounts/import?update=true", text);
        Assert.Equal(0, withUpdate.Body.GetProperty("updated").GetInt32());
        Assert.Equal(updatedAt, (await GetAsync(api, $"/api/v1/accounts?q={prefix}_0&page_size=1")).Body.GetProperty("items")[0].Str("updated_at"));
        Assert.Equal(Lines - 1, await CountAsync(api, prefix));
    }

    private static async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body, string Raw)> ImportAsync(HttpClient api, string url, string text)
    {
        var response = await SendAsync(api, HttpMethod.Post, url, new StringContent(text, Encoding.UTF8, "text/plain"));
        Assert.True(response.Status == HttpStatusCode.OK, response.Raw);
        return response;
    }

    private static async Task<int> CountAsync(HttpClient api, string prefix) =>
        (await GetAsync(api, $"/api/v1/accounts?q={prefix}_&page_size=1")).Body.GetProperty("total").GetInt32();
}
