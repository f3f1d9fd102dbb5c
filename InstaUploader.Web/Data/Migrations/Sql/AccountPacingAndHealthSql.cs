namespace InstaUploader.Web.Data.Migrations.Sql;

/// <summary>
/// Raw SQL of the AccountPacingAndHealth migration: accounts a worker already flagged start in the health that
/// quarantines them, so an upgrade does not hand a challenged or banned account new work.
/// </summary>
internal static class AccountPacingAndHealthSql
{
    public const string HealthFromStatus = """
        UPDATE accounts SET health = CASE status
            WHEN 'challenge' THEN 'challenged'
            WHEN 'login_required' THEN 'logged_out'
            WHEN 'banned' THEN 'disabled'
            WHEN 'disabled' THEN 'disabled'
            ELSE 'healthy' END,
          health_reason = CASE WHEN status = 'active' THEN NULL ELSE 'account status was ' || status || ' before pacing' END
        WHERE status <> 'active';
        """;
}
