using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <summary>
    /// NOTIFY task_changes with the task id from every write to tasks, task_items and item_logs, in the writer's own
    /// transaction: the console's change feed (LISTEN) hears committed changes from any Web replica or worker route
    /// without the code that writes them knowing. PostgreSQL folds identical notifications of one transaction, so a
    /// statement touching 5,000 items of one task sends one.
    /// </summary>
    public partial class TaskChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION notify_task_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        PERFORM pg_notify('task_changes', OLD.id::text);
                    ELSE
                        PERFORM pg_notify('task_changes', NEW.id::text);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION notify_task_child_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        IF OLD.task_id IS NOT NULL THEN PERFORM pg_notify('task_changes', OLD.task_id::text); END IF;
                    ELSIF NEW.task_id IS NOT NULL THEN
                        PERFORM pg_notify('task_changes', NEW.task_id::text);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER tasks_notify AFTER INSERT OR UPDATE OR DELETE ON tasks
                    FOR EACH ROW EXECUTE FUNCTION notify_task_row_change();
                CREATE TRIGGER task_items_notify AFTER INSERT OR UPDATE OR DELETE ON task_items
                    FOR EACH ROW EXECUTE FUNCTION notify_task_child_change();
                CREATE TRIGGER item_logs_notify AFTER INSERT ON item_logs
                    FOR EACH ROW EXECUTE FUNCTION notify_task_child_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS item_logs_notify ON item_logs;
                DROP TRIGGER IF EXISTS task_items_notify ON task_items;
                DROP TRIGGER IF EXISTS tasks_notify ON tasks;
                DROP FUNCTION IF EXISTS notify_task_child_change();
                DROP FUNCTION IF EXISTS notify_task_row_change();
                """);
        }
    }
}
