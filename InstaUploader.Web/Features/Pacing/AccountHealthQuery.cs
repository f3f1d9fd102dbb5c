using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>Accounts by their health as of <c>now</c>, the same reading as <see cref="AccountHealth.Effective"/>.</summary>
public static class AccountHealthQuery
{
    public static IQueryable<Account> Having(IQueryable<Account> accounts, string health, DateTimeOffset now) => health switch
    {
        AccountHealth.Healthy => accounts.Where(a => a.Health == AccountHealth.Healthy
            || ((a.Health == AccountHealth.CoolingDown || a.Health == AccountHealth.ActionBlocked) && !(a.CoolingUntil > now))),
        AccountHealth.CoolingDown or AccountHealth.ActionBlocked => accounts.Where(a => a.Health == health && a.CoolingUntil > now),
        _ => accounts.Where(a => a.Health == health),
    };
}
