using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TaskItemsByTaskAndStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_task_items_task_id_status",
                table: "task_items",
                columns: new[] { "task_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_task_items_task_id_status",
                table: "task_items");
        }
    }
}
