namespace InstaUploader.Web.Data.Migrations.Sql;

/// <summary>
/// Raw SQL of the StatementLevelNotifications migration. The row triggers on tasks and task_items called pg_notify for
/// every claimed, renewed and finished row; these fire once per statement, read the statement's transition tables and
/// send one <c>task_changes</c> notification whose payload is the changed task ids, comma-separated (in chunks that fit
/// PostgreSQL's 8000-byte payload). An item update that only moves its lease (a renewal) changes nothing a page shows
/// and is not announced at all.
/// </summary>
public static class StatementLevelNotificationsSql
{
    public const string Up = """
        CREATE OR REPLACE FUNCTION notify_task_changes(task_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            chunk integer[];
        BEGIN
            -- 500 ids of at most 10 digits and a comma stay under the 8000-byte payload limit.
            FOR chunk IN
                SELECT array_agg(id ORDER BY id)
                FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / 500 AS part FROM unnest(task_ids) AS id) numbered
                GROUP BY part
            LOOP
                PERFORM pg_notify('task_changes', array_to_string(chunk, ','));
            END LOOP;
        END $$;

        CREATE OR REPLACE FUNCTION notify_inserted_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM notify_task_changes(ARRAY(SELECT DISTINCT id FROM new_tasks));
            RETURN NULL;
        END $$;

        CREATE OR REPLACE FUNCTION notify_updated_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM notify_task_changes(ARRAY(SELECT DISTINCT id FROM new_tasks));
            RETURN NULL;
        END $$;

        CREATE OR REPLACE FUNCTION notify_deleted_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM notify_task_changes(ARRAY(SELECT DISTINCT id FROM old_tasks));
            RETURN NULL;
        END $$;

        CREATE OR REPLACE FUNCTION notify_tasks_of_inserted_items() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM notify_task_changes(ARRAY(SELECT DISTINCT task_id FROM new_items WHERE task_id IS NOT NULL));
            RETURN NULL;
        END $$;

        -- Only the lease columns moved (a renewal): nothing any page shows changed, so nothing is announced.
        CREATE OR REPLACE FUNCTION notify_tasks_of_updated_items() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM notify_task_changes(ARRAY(
                SELECT DISTINCT n.task_id
                FROM new_items n JOIN old_items o ON o.id = n.id
                WHERE n.task_id IS NOT NULL
                  AND to_jsonb(n) - 'lease_expires_at' - 'updated_at' IS DISTINCT FROM to_jsonb(o) - 'lease_expires_at' - 'updated_at'));
            RETURN NULL;
        END $$;

        CREATE OR REPLACE FUNCTION notify_tasks_of_deleted_items() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM notify_task_changes(ARRAY(SELECT DISTINCT task_id FROM old_items WHERE task_id IS NOT NULL));
            RETURN NULL;
        END $$;

        CREATE OR REPLACE FUNCTION notify_task_of_inserted_lines() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM notify_task_changes(ARRAY(SELECT DISTINCT task_id FROM inserted_lines WHERE task_id IS NOT NULL));
            RETURN NULL;
        END $$;

        DROP TRIGGER IF EXISTS tasks_notify ON tasks;
        DROP TRIGGER IF EXISTS task_items_notify ON task_items;
        DROP FUNCTION IF EXISTS notify_task_row_change();
        DROP FUNCTION IF EXISTS notify_task_child_change();

        -- A trigger with transition tables takes one event, hence three per table.
        CREATE TRIGGER tasks_notify_insert AFTER INSERT ON tasks
            REFERENCING NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION notify_inserted_tasks();
        CREATE TRIGGER tasks_notify_update AFTER UPDATE ON tasks
            REFERENCING NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION notify_updated_tasks();
        CREATE TRIGGER tasks_notify_delete AFTER DELETE ON tasks
            REFERENCING OLD TABLE AS old_tasks FOR EACH STATEMENT EXECUTE FUNCTION notify_deleted_tasks();
        CREATE TRIGGER task_items_notify_insert AFTER INSERT ON task_items
            REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION notify_tasks_of_inserted_items();
        CREATE TRIGGER task_items_notify_update AFTER UPDATE ON task_items
            REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION notify_tasks_of_updated_items();
        CREATE TRIGGER task_items_notify_delete AFTER DELETE ON task_items
            REFERENCING OLD TABLE AS old_items FOR EACH STATEMENT EXECUTE FUNCTION notify_tasks_of_deleted_items();
        """;

    public const string Down = """
        DROP TRIGGER IF EXISTS tasks_notify_insert ON tasks;
        DROP TRIGGER IF EXISTS tasks_notify_update ON tasks;
        DROP TRIGGER IF EXISTS tasks_notify_delete ON tasks;
        DROP TRIGGER IF EXISTS task_items_notify_insert ON task_items;
        DROP TRIGGER IF EXISTS task_items_notify_update ON task_items;
        DROP TRIGGER IF EXISTS task_items_notify_delete ON task_items;

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

        CREATE OR REPLACE FUNCTION notify_task_of_inserted_lines() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('task_changes', t.task_id::text)
            FROM (SELECT DISTINCT task_id FROM inserted_lines WHERE task_id IS NOT NULL) t;
            RETURN NULL;
        END $$;

        CREATE TRIGGER tasks_notify AFTER INSERT OR UPDATE OR DELETE ON tasks
            FOR EACH ROW EXECUTE FUNCTION notify_task_row_change();
        CREATE TRIGGER task_items_notify AFTER INSERT OR UPDATE OR DELETE ON task_items
            FOR EACH ROW EXECUTE FUNCTION notify_task_child_change();

        DROP FUNCTION IF EXISTS notify_tasks_of_deleted_items();
        DROP FUNCTION IF EXISTS notify_tasks_of_updated_items();
        DROP FUNCTION IF EXISTS notify_tasks_of_inserted_items();
        DROP FUNCTION IF EXISTS notify_deleted_tasks();
        DROP FUNCTION IF EXISTS notify_updated_tasks();
        DROP FUNCTION IF EXISTS notify_inserted_tasks();
        DROP FUNCTION IF EXISTS notify_task_changes(integer[]);
        """;
}
