using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ThroughputIndexCoversStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_task_items_finished_at",
                table: "task_items");

            migrationBuilder.CreateIndex(
                name: "ix_task_items_finished_at",
                table: "task_items",
                column: "finished_at",
                filter: "finished_at IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_task_items_finished_at",
                table: "task_items");

            migrationBuilder.CreateIndex(
                name: "ix_task_items_finished_at",
                table: "task_items",
                column: "finished_at",
                filter: "finished_at IS NOT NULL");
        }
    }
}
