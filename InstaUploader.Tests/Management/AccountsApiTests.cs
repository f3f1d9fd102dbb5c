using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using static InstaUploader.Tests.Management.ManagementHttp;

namespace InstaUploader.Tests.Management;

[Collection(TopologyCollection.Name)]
public sealed class AccountsApiTests(TopologyFixture fx)
{
    [Fact]
    public async Task Create_get_update_list_and_delete_round_trip()
    {
        using var api = fx.OperatorClient();
        var username = UniqueUsername("crud");

        using var createRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts")
        {
            Content = Json($$"""{"username": "@{{username.ToUpperInvariant()}}", "password": "pw-1", "email_login": "crud@example.com", "notes": "first"}"""),
        };
        using var created = await api.SendAsync(createRequest);
        var account = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = account.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/accounts/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(username, account.Str("username"));
        Assert.Equal("active", account.Str("status"));
        Assert.True(account.GetProperty("has_password").GetBoolean());
        Assert.False(account.GetProperty("has_two_factor").GetBoolean());
        Assert.Equal(0, account.GetProperty("cookies_count").GetInt32());

        var got = await GetAsync(api, $"/api/v1/accounts/{id}");
        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal("crud@example.com", got.Body.Str("email_login"));

        var updated = await PutJsonAsync(api, $"/api/v1/accounts/{id}", new { username, email_login = "new@example.com", status = "disabled", notes = "second" });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("new@example.com", updated.Body.Str("email_login"));
        Assert.Equal("disabled", updated.Body.Str("status"));
        Assert.Equal("second", updated.Body.Str("notes"));
        Assert.True(updated.Body.GetProperty("has_password").GetBoolean());

        var list = await GetAsync(api, $"/api/v1/accounts?q={username}&status=disabled&page=1&page_size=10");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(1, list.Body.GetProperty("total").GetInt32());
        Assert.Equal(1, list.Body.GetProperty("page").GetInt32());
        Assert.Equal(10, list.Body.GetProperty("page_size").GetInt32());
        Assert.Equal(id, list.Body.GetProperty("items")[0].GetProperty("id").GetInt32());
        var none = await GetAsync(api, $"/api/v1/accounts?q={username}&status=banned");
        Assert.Equal(0, none.Body.GetProperty("total").GetInt32());

        var duplicate = await PostJsonAsync(api, "/api/v1/accounts", new { username, password = "x" });
        AssertProblem(duplicate, HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(api, $"/api/v1/accounts/{id}")).Status);
        AssertProblem(await GetAsync(api, $"/api/v1/accounts/{id}"), HttpStatusCode.NotFound);
        AssertProblem(await DeleteAsync(api, $"/api/v1/accounts/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Secrets_never_appear_in_responses()
    {
        using var api = fx.OperatorClient();
        var username = UniqueUsername("secret");
        var password = $"Pw-{Guid.NewGuid():N}";
        var seed = NewTwoFactorSeed();
        var mailPassword = $"Mail-{Guid.NewGuid():N}";
        var grouped = string.Join(' ', seed.Chunk(4).Select(c => new string(c))).ToLowerInvariant();

        var created = await PostJsonAsync(api, "/api/v1/accounts", new
        {
            username, password, two_factor_secret = grouped, email_login = "s@example.com", email_password = mailPassword,
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body.GetProperty("id").GetInt32();
        var responses = new List<string> { created.Raw };
        responses.Add((await GetAsync(api, $"/api/v1/accounts/{id}")).Raw);
        responses.Add((await GetAsync(api, $"/api/v1/accounts?q={username}")).Raw);
        var updated = await PutJsonAsync(api, $"/api/v1/accounts/{id}", new { username, email_login = "s@example.com", notes = "kept secrets" });
        responses.Add(updated.Raw);

        foreach (var raw in responses)
        {
            Assert.DoesNotContain(password, raw, StringComparison.Ordinal);
            Assert.DoesNotContain(seed, raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(seed[..12], raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(mailPassword, raw, StringComparison.Ordinal);
            Assert.DoesNotContain("session_settings", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("\"cookies\"", raw, StringComparison.Ordinal);
        }

        // A null secret on update keeps the stored one.
        var body = updated.Body;
        Assert.True(body.GetProperty("has_password").GetBoolean());
        Assert.True(body.GetProperty("has_two_factor").GetBoolean());
        Assert.Equal("••••" + seed[^4..], body.Str("two_factor_secret"));
        Assert.True(body.GetProperty("has_email_password").GetBoolean());
        Assert.DoesNotContain(mailPassword[^4..], body.Str("email_password"), StringComparison.Ordinal);
        Assert.Equal("s@example.com", body.Str("email_login"));
        Assert.True(body.TryGetProperty("cookies_count", out _));
        Assert.True(body.TryGetProperty("last_login_at", out _));

        // An empty string clears an optional secret.
        var cleared = await PutJsonAsync(api, $"/api/v1/accounts/{id}", new { username, two_factor_secret = "", email_password = "" });
        Assert.False(cleared.Body.GetProperty("has_two_factor").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cleared.Body.GetProperty("two_factor_secret").ValueKind);
        Assert.False(cleared.Body.GetProperty("has_email_password").GetBoolean());
    }

    [Fact]
    public async Task Invalid_fields_are_reported_by_name()
    {
        using var api = fx.OperatorClient();

        var bad = await PostJsonAsync(api, "/api/v1/accounts", new
        {
            username = "not a valid name!", two_factor_secret = "not-base32-0189", email_login = "nobody", status = "sleeping", proxy_id = int.MaxValue,
        });
        var errors = AssertProblem(bad, HttpStatusCode.BadRequest);
        Assert.Contains("username", errors.Keys);
        Assert.Contains("password", errors.Keys);
        Assert.Contains("two_factor_secret", errors.Keys);
        Assert.Contains("email_login", errors.Keys);
        Assert.Contains("status", errors.Keys);

        var tooLong = await PostJsonAsync(api, "/api/v1/accounts", new { username = new string('a', 31), password = "x" });
        Assert.Contains("username", AssertProblem(tooLong, HttpStatusCode.BadRequest).Keys);

        var doubleDot = await PostJsonAsync(api, "/api/v1/accounts", new { username = "a..b", password = "x" });
        Assert.Contains("username", AssertProblem(doubleDot, HttpStatusCode.BadRequest).Keys);

        var noProxy = await PostJsonAsync(api, "/api/v1/accounts", new { username = UniqueUsername("np"), password = "x", proxy_id = int.MaxValue });
        Assert.Contains("proxy_id", AssertProblem(noProxy, HttpStatusCode.BadRequest).Keys);

        var badPage = await GetAsync(api, "/api/v1/accounts?page=0&page_size=10000");
        var pageErrors = AssertProblem(badPage, HttpStatusCode.BadRequest);
        Assert.Contains("page", pageErrors.Keys);
        Assert.Contains("page_size", pageErrors.Keys);

        AssertProblem(await GetAsync(api, "/api/v1/accounts?status=sleeping"), HttpStatusCode.BadRequest);
        AssertProblem(await GetAsync(api, "/api/v1/accounts?page=abc"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Malformed_bodies_are_400_problems_not_500()
    {
        using var api = fx.OperatorClient();

        AssertProblem(await SendAsync(api, HttpMethod.Post, "/api/v1/accounts", Json("{\"username\": ")), HttpStatusCode.BadRequest);
        AssertProblem(await SendAsync(api, HttpMethod.Post, "/api/v1/accounts", Json("[1, 2]")), HttpStatusCode.BadRequest);
        var wrongType = await SendAsync(api, HttpMethod.Post, "/api/v1/accounts", Json("{\"username\": \"x\", \"password\": \"y\", \"proxy_id\": \"seven\"}"));
        Assert.Contains("proxy_id", AssertProblem(wrongType, HttpStatusCode.BadRequest).Keys);
        AssertProblem(await SendAsync(api, HttpMethod.Post, "/api/v1/accounts", new StringContent("username=x", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);
        AssertProblem(await SendAsync(api, HttpMethod.Put, "/api/v1/accounts/1", Json("nope")), HttpStatusCode.BadRequest);
        AssertProblem(await GetAsync(api, "/api/v1/accounts/not-a-number"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Management_routes_require_the_operator_token()
    {
        using var anonymous = fx.CreateClient("web");
        using var worker = fx.WorkerClient();
        foreach (var url in new[] { "/api/v1/accounts", "/api/v1/proxies", "/api/v1/media", "/api/v1/accounts/1" })
        {
            AssertProblem(await GetAsync(anonymous, url), HttpStatusCode.Unauthorized);
            AssertProblem(await GetAsync(worker, url), HttpStatusCode.Forbidden);
        }

        AssertProblem(await PostJsonAsync(anonymous, "/api/v1/accounts", new { username = "x", password = "y" }), HttpStatusCode.Unauthorized);
        using var wrong = fx.CreateClient("web", bearer: "not-the-operator-token");
        AssertProblem(await GetAsync(wrong, "/api/v1/accounts"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Import_keeps_good_lines_and_reports_bad_ones_by_line()
    {
        using var api = fx.OperatorClient();
        var existing = UniqueUsername("imp_old");
        Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(api, "/api/v1/accounts", new { username = existing, password = "old" })).Status);
        var a = UniqueUsername("imp_a");
        var b = UniqueUsername("imp_b");
        var c = UniqueUsername("imp_c");
        var seed = NewTwoFactorSeed();
        var proxyHost = $"imp-{Guid.NewGuid():N}.example.net";
        var text = string.Join('\n',
            "# accounts for the test",                                              // 1
            $"{a}:pass-a",                                                           // 2
            "",                                                                      // 3
            $"{b}:pass-b:{seed}:b@example.com:mail-b:socks5://pu:pp@{proxyHost}:1080", // 4
            "bad name:pw",                                                           // 5
            "onlyusername",                                                          // 6
            $"{c}:pass-c::c@example.com::{proxyHost}:notaport",                      // 7
            $"{existing}:new-password",                                              // 8
            $"{a}:again",                                                            // 9
            $"{c}:pass-c:::: {proxyHost}:3128 ");                                    // 10

        var report = await SendAsync(api, HttpMethod.Post, "/api/v1/accounts/import", new StringContent(text, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal(3, report.Body.GetProperty("created").GetInt32());
        Assert.Equal(0, report.Body.GetProperty("updated").GetInt32());
        Assert.Equal(1, report.Body.GetProperty("skipped").GetInt32());
        var errors = report.Body.GetProperty("errors").EnumerateArray()
            .ToDictionary(e => e.GetProperty("line").GetInt32(), e => e.Str("error"));
        Assert.Equal([5, 6, 7, 8, 9], errors.Keys.Order());
        Assert.Contains("username", errors[5], StringComparison.Ordinal);
        Assert.Contains("proxy", errors[7], StringComparison.Ordinal);
        Assert.Contains("already exists", errors[8], StringComparison.Ordinal);
        Assert.Contains("line 2", errors[9], StringComparison.Ordinal);
        Assert.DoesNotContain(seed, report.Raw, StringComparison.Ordinal);

        var accountB = (await GetAsync(api, $"/api/v1/accounts?q={b}")).Body.GetProperty("items")[0];
        // Proxies are told apart by their user: the label is user@host:port, never the password.
        Assert.Equal($"socks5://pu@{proxyHost}:1080", accountB.Str("proxy"));
        Assert.True(accountB.GetProperty("has_two_factor").GetBoolean());
        Assert.Equal("b@example.com", accountB.Str("email_login"));
        var accountC = (await GetAsync(api, $"/api/v1/accounts?q={c}")).Body.GetProperty("items")[0];
        Assert.Equal($"http://{proxyHost}:3128", accountC.Str("proxy"));

        // The existing account was not overwritten; with update=true it is.
        var again = await SendAsync(api, HttpMethod.Post, "/api/v1/accounts/import?update=true",
            Json(JsonSerializer.Serialize(new { text = $"{existing}:newer:{seed}" })));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(1, again.Body.GetProperty("updated").GetInt32());
        Assert.Empty(again.Body.GetProperty("errors").EnumerateArray());
        var updated = (await GetAsync(api, $"/api/v1/accounts?q={existing}")).Body.GetProperty("items")[0];
        Assert.True(updated.GetProperty("has_two_factor").GetBoolean());
    }

    [Fact]
    public async Task Import_accepts_a_multipart_file()
    {
        using var api = fx.OperatorClient();
        var username = UniqueUsername("file");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"\uFEFF{username}:pw\r\n# done\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "accounts.txt");

        var report = await SendAsync(api, HttpMethod.Post, "/api/v1/accounts/import", form);

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal(1, report.Body.GetProperty("created").GetInt32());
        Assert.Equal(1, (await GetAsync(api, $"/api/v1/accounts?q={username}")).Body.GetProperty("total").GetInt32());

        var missing = await SendAsync(api, HttpMethod.Post, "/api/v1/accounts/import", Json("{}"));
        Assert.Contains("text", AssertProblem(missing, HttpStatusCode.BadRequest).Keys);
        AssertProblem(await SendAsync(api, HttpMethod.Post, "/api/v1/accounts/import", new ByteArrayContent([1, 2]) { Headers = { ContentType = new("image/png") } }),
            HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_management_api()
    {
        using var web = fx.CreateClient("web");
        var doc = await GetAsync(web, "/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, doc.Status);
        var paths = doc.Body.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/accounts/", "/api/v1/accounts/{id}", "/api/v1/accounts/import", "/api/v1/proxies/", "/api/v1/proxies/import", "/api/v1/media/", "/api/v1/media/{id}" })
        {
            Assert.True(paths.TryGetProperty(path, out _) || paths.TryGetProperty(path.TrimEnd('/'), out _), $"{path} missing from {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        }

        Assert.Contains("\"Accounts\"", doc.Raw, StringComparison.Ordinal);
        Assert.Contains("\"Proxies\"", doc.Raw, StringComparison.Ordinal);
        Assert.Contains("\"Media\"", doc.Raw, StringComparison.Ordinal);
    }
}
