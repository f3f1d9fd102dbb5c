using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// A bulk action on accounts: the selection is either <see cref="Ids"/> or the list's own <see cref="Filter"/>
/// (so "all 400 matching" needs no ids), plus what the action needs. dolphin_profiles creates a profile for each
/// account without one, or with <see cref="Refresh"/> a new one for every account (its current proxy) in place of the old.
/// </summary>
public sealed record AccountBulkRequest(
    string? Action,
    IReadOnlyList<int>? Ids = null,
    AccountFilter? Filter = null,
    IReadOnlyList<int>? ProxyIds = null,
    string? ProxyStatus = null,
    bool AllowShared = false,
    bool Refresh = false,
    string? Status = null,
    IReadOnlyList<string>? Tags = null,
    CreateTaskRequest? Task = null);

/// <summary>
/// A bulk action on proxies: <see cref="Ids"/> or a filter (search, status), and the action. With
/// <see cref="Reassign"/>, delete_dead first moves the dead proxies' accounts to free working proxies.
/// </summary>
public sealed record ProxyBulkRequest(
    string? Action,
    IReadOnlyList<int>? Ids = null,
    ProxyFilter? Filter = null,
    bool Reassign = false);

public sealed record ProxyFilter(string? Q = null, string? Status = null);

/// <summary>What a bulk action did to one record: <c>ok</c>, <c>unchanged</c> or <c>error</c>, and how.</summary>
public sealed record BulkRecord(int Id, string Name, string Outcome, string? Detail = null);

/// <summary>
/// The report of a bulk action. <see cref="Committed"/> is false when a record failed: then nothing was written
/// (one transaction) and <see cref="Records"/> says which record stopped it.
/// </summary>
public sealed record BulkReport(string Action, int Matched, bool Committed, IReadOnlyList<BulkRecord> Records, int? TaskId = null)
{
    public const string Ok = "ok";
    public const string Unchanged = "unchanged";
    public const string Error = "error";
}

public static class BulkActions
{
    public const string AssignProxies = "assign_proxies";
    public const string DolphinProfiles = "dolphin_profiles";
    public const string SetStatus = "set_status";
    public const string Tag = "tag";
    public const string Untag = "untag";
    public const string Delete = "delete";
    public const string StartTask = "start_task";

    public static readonly string[] ForAccounts = [AssignProxies, DolphinProfiles, SetStatus, Tag, Untag, Delete, StartTask];

    public const string ValidateAll = "validate";
    public const string DeleteDead = "delete_dead";
    public const string ReassignAccounts = "reassign_accounts";

    public static readonly string[] ForProxies = [ValidateAll, DeleteDead, ReassignAccounts];
}

public static class BulkResults
{
    /// <summary>200 with the report when it was written; 409 with the per-record report when a record stopped it.</summary>
    public static Results<Ok<BulkReport>, ProblemHttpResult> ToBulkResult(this ServiceResult<BulkReport> result)
    {
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        var report = result.Value!;
        if (report.Committed)
        {
            return TypedResults.Ok(report);
        }

        var failed = report.Records.Where(r => r.Outcome == BulkReport.Error).ToList();
        return TypedResults.Problem(
            detail: $"Nothing was changed: {failed.Count} of {report.Matched} record(s) cannot be {report.Action.Replace('_', ' ')}d.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["records"] = report.Records });
    }
}
