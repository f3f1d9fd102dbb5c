using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// Adds or replaces a scraping account by username: the one validation and upsert behind POST /api/scrape-accounts,
/// the operator UI and the demo data. Saving new credentials forgets the old session and any failure state.
/// </summary>
public sealed class ScrapeAccountWriter(ScraperDbContext db, TimeProvider time)
{
    public async Task<ServiceResult<ScrapeAccountResponse>> UpsertAsync(ScrapeAccountRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var username = ScrapeInput.NormalizeUsername(request.Username);
        if (username is null)
        {
            errors["username"] = ["username must be a valid Instagram username."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["password is required."];
        }

        if (!ScrapeAccountProxy.TryValidate(request.Proxy, out var proxy, out var proxyError))
        {
            errors["proxy"] = [$"proxy must be host:port, host:port:user:pass, user:pass@host:port or scheme://user:pass@host:port ({proxyError})"];
        }

        if (errors.Count > 0)
        {
            return ServiceResult<ScrapeAccountResponse>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var account = await db.ScrapeAccounts.FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is null)
        {
            account = new ScrapeAccount { Id = Guid.CreateVersion7(now), Username = username!, Password = request.Password!, CreatedAt = now };
            db.ScrapeAccounts.Add(account);
        }

        account.Password = request.Password!;
        account.TfaSecret = NullIfEmpty(request.TfaSecret);
        account.Email = NullIfEmpty(request.Email);
        account.EmailPassword = NullIfEmpty(request.EmailPassword);
        account.Proxy = proxy;
        account.Session = null;
        account.Status = ScrapeAccountStatuses.Active;
        account.LastError = null;
        account.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return ServiceResult<ScrapeAccountResponse>.Ok(ScrapeAccountResponse.From(account, now));
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
