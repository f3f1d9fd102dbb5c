namespace InstaUploader.Web.Data.Migrations.Sql;

/// <summary>
/// The audit trail is append-only in the database itself: UPDATE and TRUNCATE are refused, and DELETE only of entries
/// older than the retention setting (what the retention job removes).
/// </summary>
internal static class SecurityTokensAndAuditTrailSql
{
    public const string Up = """
        CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD.at < now() - make_interval(days => (SELECT audit_retention_days FROM security_settings WHERE id = 1)) THEN
                    RETURN OLD;
                END IF;
            END IF;
            RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;

        CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
        """;

    public const string Down = """
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
        DROP TRIGGER IF EXISTS audit_entries_no_update_or_delete ON audit_entries;
        DROP FUNCTION IF EXISTS audit_entries_append_only();
        """;
}
