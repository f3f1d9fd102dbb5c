namespace InstaUploader.Web.Features.Demo;

/// <summary>What ./run.sh shows a newcomer: a few accounts covering the interesting login paths, media, a follow list.</summary>
public static class DemoData
{
    public const string Password = "demo-password-1";
    public const string TotpSecret = "JBSWY3DPEHPK3PXP";

    public sealed record DemoAccount(string Username, string? TotpSecret = null, bool Challenge = false, bool RateLimited = false);

    public static readonly DemoAccount[] Accounts =
    [
        new("demo_anna"),
        new("demo_boris", TotpSecret: TotpSecret),
        new("demo_chloe", Challenge: true),
        new("demo_dmitry"),
        new("demo_eva", RateLimited: true),
        new("demo_fedor"),
    ];

    public static string Email(string username) => $"{username}@mail.sandbox";

    /// <summary>Sandbox logins the scraper reads the public profiles (<see cref="FollowTargets"/>) with.</summary>
    public static readonly string[] ScrapeAccounts = ["demo_scraper_1", "demo_scraper_2"];

    public static readonly string[] FollowTargets = ["fit_alma", "yoga_dana", "run_timur", "chef_aru", "travel_sam"];

    public static readonly (string Title, string Location, string Mentions)[] Videos =
    [
        ("Morning routine in 30 seconds", "Almaty", "@demo_brand"),
        ("Behind the scenes", "Astana", "@demo_brand @studio"),
    ];
}

public static class DemoDataExtensions
{
    /// <summary>Seeds demo data when Demo:Enabled is true (the AppHost's --demo, used by ./run.sh).</summary>
    public static IHostApplicationBuilder AddDemoData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }
}
