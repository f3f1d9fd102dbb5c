using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// What the account pages show: a filtered page of accounts, the tags in use and an account's work history (the pages
/// write nothing).
/// </summary>
public sealed class AccountQueries(AccountService accounts, AppDbContext db)
{
    public const int PageSize = 25;
    public const int ShownHistory = 50;

    public Task<ServiceResult<PagedList<AccountResponse>>> ListAsync(AccountFilter filter, int page, CancellationToken ct) =>
        accounts.ListAsync(filter, new PageQuery(page, PageSize), ct);

    public Task<List<AccountService.TagCount>> TagsAsync(CancellationToken ct) => accounts.TagsAsync(ct);

    /// <summary>The account's latest work items, newest first.</summary>
    public Task<List<AccountHistoryRow>> HistoryAsync(int accountId, CancellationToken ct) =>
        db.TaskItems.AsNoTracking().Where(i => i.AccountId == accountId).OrderByDescending(i => i.Id).Take(ShownHistory)
            .Select(i => new AccountHistoryRow(i.TaskId, i.Task!.Name, i.Kind, i.Status, i.FinishedAt, i.LastError)).ToListAsync(ct);
}

public sealed record AccountHistoryRow(int TaskId, string TaskName, string Kind, string Status, DateTimeOffset? FinishedAt, string? LastError);
