using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <summary>
    /// item_logs announces its task once per statement instead of once per line: a log batch inserts hundreds of lines
    /// in one statement, and a row trigger cost a trigger call and a pg_notify per line, an overhead that grew with the
    /// batch. The transition table gives the statement's distinct tasks.
    /// </summary>
    public partial class ItemLogsNotifyOncePerStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION notify_task_of_inserted_lines() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('task_changes', t.task_id::text)
                    FROM (SELECT DISTINCT task_id FROM inserted_lines WHERE task_id IS NOT NULL) t;
                    RETURN NULL;
                END $$;

                DROP TRIGGER IF EXISTS item_logs_notify ON item_logs;
                CREATE TRIGGER item_logs_notify AFTER INSERT ON item_logs
                    REFERENCING NEW TABLE AS inserted_lines
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_task_of_inserted_lines();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS item_logs_notify ON item_logs;
                CREATE TRIGGER item_logs_notify AFTER INSERT ON item_logs
                    FOR EACH ROW EXECUTE FUNCTION notify_task_child_change();
                DROP FUNCTION IF EXISTS notify_task_of_inserted_lines();
                """);
        }
    }
}
