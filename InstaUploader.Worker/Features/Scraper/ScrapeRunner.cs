using System.Net;
using InstaUploader.Contracts.Scrape;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Mail;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.Runners.Common;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Features.Scraper;

/// <summary>
/// Runs scrape tasks (docs/protocol.md#scraper) with the mobile API: <c>full_scrape</c> reads a profile and its recent posts,
/// <c>discover</c> reads a hashtag's posts and the follower counts of their authors (the Web queues full_scrape
/// for those with enough followers). Logs in with the claim's scraping account, reusing its session; paces
/// requests per account and backs off on 429, handing the task back with the account rate-limited when
/// Instagram keeps refusing.
/// </summary>
public sealed class ScrapeRunner(
    InstagramMobileClient client,
    AccountPacer pacer,
    IOptions<ScrapeRunnerOptions> options,
    TimeProvider time,
    ILogger<ScrapeRunner> logger,
    IEmailCodeReader? emailCodeReader = null) : IWorkRunner
{
    public const string FullScrape = ScrapeKinds.FullScrape;
    public const string Discover = ScrapeKinds.Discover;

    private readonly ScrapeRunnerOptions _options = options.Value;

    public IReadOnlyCollection<string> Kinds { get; } = [FullScrape, Discover];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        if (ScrapeClaimAccount.From(work.ScrapeAccount) is not { } account)
        {
            return WorkOutcome.Fail("The claim carries no scraping account.", retryable: true);
        }

        MobileSession? session = null;
        try
        {
            session = await CallAsync(account.Username, t => client.LoginAsync(account.Credentials, account.RestoreSession(), emailCodeReader, t), ct);
            return work.Kind switch
            {
                FullScrape when PayloadJson.Str(work.Payload, "username") is { } username =>
                    WorkOutcome.Ok(await FullScrapeAsync(account.Username, session, username, ct)),
                Discover when PayloadJson.Str(work.Payload, "hashtag") is { } hashtag =>
                    WorkOutcome.Ok(await DiscoverAsync(account.Username, session, hashtag, ct)),
                FullScrape or Discover => WorkOutcome.Fail($"The {work.Kind} payload lacks its {(work.Kind == FullScrape ? "username" : "hashtag")}."),
                _ => WorkOutcome.Fail($"ScrapeRunner does not run '{work.Kind}'."),
            };
        }
        catch (InstagramException e)
        {
            logger.LogWarning("Scrape task {Id} ({Kind}) with account {Account} failed: {Error}", work.Id, work.Kind, account.Username, e.Message);
            return Failure(e, session);
        }
    }

    private async Task<FullScrapeResult> FullScrapeAsync(string account, MobileSession session, string username, CancellationToken ct)
    {
        var profile = await CallAsync(account, t => client.GetProfileAsync(session, username, t), ct);
        var posts = profile.IsPrivate || _options.RecentPosts == 0 || profile.MediaCount == 0
            ? []
            : await CallAsync(account, t => client.GetRecentPostsAsync(session, profile.Pk, _options.RecentPosts, t), ct);
        return new FullScrapeResult(
            profile.Username, profile.Pk, profile.FullName, profile.Biography, profile.FollowerCount, profile.FollowingCount,
            profile.MediaCount, profile.IsPrivate,
            [.. posts.Select(p => new ScrapedPost(p.Code, p.Caption, p.LikeCount, p.CommentCount, p.TakenAt))],
            new AccountState(Session: session.ToJson()));
    }

    private async Task<DiscoverResult> DiscoverAsync(string account, MobileSession session, string hashtag, CancellationToken ct)
    {
        var media = await CallAsync(account, t => client.HashtagFeedAsync(session, hashtag, _options.HashtagPosts, ct: t), ct);
        var users = new List<DiscoveredUser>();
        foreach (var author in media.GroupBy(m => m.OwnerUsername, StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                var profile = await CallAsync(account, t => client.GetProfileAsync(session, author.Key, t), ct);
                users.Add(new DiscoveredUser(profile.Username, profile.FullName, profile.FollowerCount, author.Count()));
            }
            catch (UserNotFoundException)
            {
                // The author left (or hid) since posting: nothing to queue.
            }
        }

        return new DiscoverResult(hashtag.TrimStart('#'), media.Count, users, new AccountState(Session: session.ToJson()));
    }

    /// <summary>One request at the account's pace; a 429 is retried in place with backoff while the wait is short.</summary>
    private async Task<T> CallAsync<T>(string account, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        for (var retry = 0; ; retry++)
        {
            using (await pacer.WaitTurnAsync(account, TimeSpan.FromMilliseconds(_options.RequestIntervalMs), ct))
            {
                try
                {
                    return await call(ct);
                }
                catch (RateLimitedException e) when (retry < _options.RateLimitRetries && Backoff(retry, e.RetryAfter) is var wait
                                                     && wait <= TimeSpan.FromSeconds(_options.MaxInPlaceWaitSeconds))
                {
                    logger.LogInformation("Instagram throttled {Account} (429); retry {Retry} in {Wait}", account, retry + 1, wait);
                    pacer.Penalize(account, wait);
                }
            }
        }
    }

    private TimeSpan Backoff(int retry, TimeSpan? retryAfter)
    {
        var exponential = TimeSpan.FromMilliseconds(_options.RateLimitBackoffMs * Math.Pow(2, retry));
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
        return (retryAfter is { } ra && ra > exponential ? ra : exponential) + jitter;
    }

    /// <summary>Maps Instagram's failure to whether the task may run again (with another account) and what the account becomes.</summary>
    private WorkOutcome Failure(InstagramException e, MobileSession? session)
    {
        var now = time.GetUtcNow();
        var sessionJson = session?.IsAuthenticated == true ? session.ToJson() : null;
        var (retryable, state) = e switch
        {
            RateLimitedException r => (true, new AccountState(sessionJson,
                now + (r.RetryAfter is { } ra && ra > TimeSpan.Zero ? ra : TimeSpan.FromSeconds(_options.RateLimitCooldownSeconds)), Error: e.Message)),
            FeedbackRequiredException => (true, new AccountState(sessionJson, now + TimeSpan.FromSeconds(_options.FeedbackCooldownSeconds), Error: e.Message)),
            AccountDisabledException => (true, new AccountState(Status: "banned", Error: e.Message)),
            BadPasswordException or TwoFactorRequiredException or ChallengeRequiredException or NeedsAttentionException => (true, new AccountState(Status: "login_failed", Error: e.Message)),
            LoginRequiredException => (true, new AccountState(Error: e.Message)),
            ProxyFailedException => (true, new AccountState(sessionJson, Status: "proxy_failed", Error: e.Message)),
            UserNotFoundException => (false, new AccountState(sessionJson)),
            InstagramApiException { StatusCode: null or >= HttpStatusCode.InternalServerError } => (true, new AccountState(sessionJson)),
            _ => (false, new AccountState(sessionJson)),
        };
        return new WorkOutcome(false, e.Message, new FailureResult(state), retryable);
    }
}
