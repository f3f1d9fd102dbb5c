namespace InstaUploader.Web.Data.Migrations.Sql;

/// <summary>
/// Raw SQL of the Workspaces migration, kept apart so the migration can be regenerated over another model: the default
/// workspace (id 1) that every existing record moved into, and its owners — every existing sign-in, since before
/// workspaces each of them could do everything.
/// </summary>
public static class WorkspacesSql
{
    public const string DefaultWorkspace = """
        INSERT INTO workspaces (id, name, created_at) VALUES (1, 'Default', now()) ON CONFLICT (id) DO NOTHING;
        SELECT setval(pg_get_serial_sequence('workspaces', 'id'), GREATEST((SELECT max(id) FROM workspaces), 1));
        """;

    public const string ExistingUsersOwnDefault = """
        INSERT INTO workspace_members (workspace_id, user_id, role, selected_at)
        SELECT 1, id, 'Owner', now() FROM "AspNetUsers"
        ON CONFLICT DO NOTHING;
        """;
}
