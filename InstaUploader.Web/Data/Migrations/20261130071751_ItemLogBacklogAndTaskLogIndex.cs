using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ItemLogBacklogAndTaskLogIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "ix_item_logs_task_id_id",
                table: "item_logs",
                columns: new[] { "task_id", "id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_item_log_backlog_item_id",
                table: "item_log_backlog",
                column: "item_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "item_log_backlog");

            migrationBuilder.DropIndex(
                name: "ix_item_logs_task_id_id",
                table: "item_logs");
        }
    }
}
