using System.Net;
using System.Text.RegularExpressions;
using InstaUploader.Tests.ControlPlane;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InstaUploader.Tests.Security;

/// <summary>
/// The security services over the control plane's own database (as the Web builds them), and a cookie-keeping
/// browser-like client from a loopback address of its own (so sign-in rate limits never meet other tests').
/// </summary>
internal static partial class SecurityHarness
{
    private static int nextAddress = 40;

    public static async Task<ServiceProvider> ServicesAsync(ControlPlaneFixture fx)
    {
        var connectionString = await fx.ConnectionStringAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddDbContext<AppDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDataProtection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        services.AddScoped<AuditLog>();
        services.AddScoped<WorkspaceMemberships>();
        services.AddScoped<ApiTokens>();
        services.AddScoped<UserAdmin>();
        services.AddScoped<AuditQueries>();
        services.AddIdentityCore<IdentityUser>().AddEntityFrameworkStores<AppDbContext>().AddDefaultTokenProviders();
        return services.BuildServiceProvider();
    }

    public static async Task<IdentityUser> CreateUserAsync(IServiceProvider services, string password)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var email = $"{OperatorApi.Unique("op")}@agency.test";
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        // An Owner of the default workspace: tokens and the admin pages need a membership.
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = Workspace.DefaultId, UserId = user.Id, Role = nameof(WorkspaceRole.Owner) });
        await db.SaveChangesAsync();
        // The shared fixture's default workspace may have been told to require two-factor by a test before (the
        // OpenAPI walks send valid bodies to every route); these users have none, and their tests are not about it.
        await db.Workspaces.IgnoreQueryFilters().Where(w => w.Id == Workspace.DefaultId)
            .ExecuteUpdateAsync(w => w.SetProperty(x => x.RequireTwoFactor, false));
        return user;
    }

    public static AppDbContext Db(IServiceProvider services) => services.CreateScope().ServiceProvider.GetRequiredService<AppDbContext>();

    /// <summary>A client that keeps cookies and shows redirects rather than following them.</summary>
    public static HttpClient Browser(ControlPlaneFixture fx)
    {
        var source = $"127.0.0.{Interlocked.Increment(ref nextAddress)}";
        var baseAddress = fx.Anonymous().BaseAddress;
        var handler = SourceAddress.Handler(source);
        handler.AllowAutoRedirect = false;
        handler.CookieContainer = new CookieContainer();
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Gets a page with a Blazor form, then posts the form (its antiforgery token included) with <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string path, string handler, Dictionary<string, string> fields)
    {
        using var page = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token on {path}");
        var form = new Dictionary<string, string>(fields) { ["_handler"] = handler, ["__RequestVerificationToken"] = token };
        return await browser.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>Signs in with a password; answers where the browser is sent next.</summary>
    public static async Task<string?> SignInAsync(HttpClient browser, string email, string password)
    {
        using var response = await SubmitAsync(browser, "/account/login", "login",
            new() { ["Input.Email"] = email, ["Input.Password"] = password });
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } to
            ? to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString
            : null;
    }

    /// <summary>True when the dashboard opens (a signed-in cookie), false when the browser is sent to sign in.</summary>
    public static async Task<bool> SignedInAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync("/");
        return response.StatusCode == HttpStatusCode.OK;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
