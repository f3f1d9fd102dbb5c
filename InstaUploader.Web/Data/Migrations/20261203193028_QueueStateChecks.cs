using InstaUploader.Web.Data.Migrations.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <summary>
    /// item_logs becomes the one store of item logs (lines only the column held are copied in first, then the column and
    /// the backlog go), and the queue's status columns admit only the contracts' status words (issue 28).
    /// </summary>
    public partial class QueueStateChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(QueueStateChecksSql.ColumnOnlyLinesToItemLogs);

            migrationBuilder.DropTable(
                name: "item_log_backlog");

            migrationBuilder.DropColumn(
                name: "log",
                table: "task_items");

            migrationBuilder.AddCheckConstraint(
                name: "ck_tasks_status",
                table: "tasks",
                sql: "status IN ('pending', 'running', 'completed', 'failed', 'cancelled')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_task_items_status",
                table: "task_items",
                sql: "status IN ('pending', 'queued', 'in_progress', 'done', 'failed', 'cancelled')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_tasks_status",
                table: "tasks");

            migrationBuilder.DropCheckConstraint(
                name: "ck_task_items_status",
                table: "task_items");

            migrationBuilder.AddColumn<string>(
                name: "log",
                table: "task_items",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "item_log_backlog",
                columns: table => new
                {
                    log_id = table.Column<long>(type: "bigint", nullable: false),
                    item_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_item_log_backlog", x => x.log_id);
                    table.ForeignKey(
                        name: "fk_item_log_backlog_item_logs_log_id",
                        column: x => x.log_id,
                        principalTable: "item_logs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_item_log_backlog_item_id",
                table: "item_log_backlog",
                column: "item_id");

            migrationBuilder.Sql(QueueStateChecksSql.ItemLogsToColumn);
        }
    }
}
