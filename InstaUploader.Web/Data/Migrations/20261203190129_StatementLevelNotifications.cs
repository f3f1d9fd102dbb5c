using InstaUploader.Web.Data.Migrations.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <summary>
    /// tasks and task_items announce changes once per statement with the changed task ids, and lease renewals not at
    /// all, instead of a pg_notify per claimed, renewed or finished row (<see cref="StatementLevelNotificationsSql"/>).
    /// </summary>
    public partial class StatementLevelNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StatementLevelNotificationsSql.Up);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StatementLevelNotificationsSql.Down);
        }
    }
}
