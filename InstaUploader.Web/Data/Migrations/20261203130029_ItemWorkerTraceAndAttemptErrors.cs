using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ItemWorkerTraceAndAttemptErrors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "attempt_errors",
                table: "task_items",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "trace_id",
                table: "task_items",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "worker_id",
                table: "task_items",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "attempt_errors",
                table: "task_items");

            migrationBuilder.DropColumn(
                name: "trace_id",
                table: "task_items");

            migrationBuilder.DropColumn(
                name: "worker_id",
                table: "task_items");
        }
    }
}
