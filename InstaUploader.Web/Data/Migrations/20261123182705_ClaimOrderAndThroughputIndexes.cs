using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClaimOrderAndThroughputIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_task_items_status_run_after_priority_id",
                table: "task_items");

            migrationBuilder.CreateIndex(
                name: "ix_task_items_claim_order",
                table: "task_items",
                columns: new[] { "priority", "run_after", "id" },
                descending: new[] { true, false, false },
                filter: "status = 'queued'");

            migrationBuilder.CreateIndex(
                name: "ix_task_items_finished_at",
                table: "task_items",
                column: "finished_at",
                filter: "finished_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_task_items_claim_order",
                table: "task_items");

            migrationBuilder.DropIndex(
                name: "ix_task_items_finished_at",
                table: "task_items");

            migrationBuilder.CreateIndex(
                name: "ix_task_items_status_run_after_priority_id",
                table: "task_items",
                columns: new[] { "status", "run_after", "priority", "id" },
                filter: "status = 'queued'");
        }
    }
}
