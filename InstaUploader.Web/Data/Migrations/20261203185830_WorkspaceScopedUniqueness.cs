using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkspaceScopedUniqueness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "require_two_factor",
                table: "workspaces",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.DropIndex(
                name: "ix_proxies_host_port_username",
                table: "proxies");

            migrationBuilder.DropIndex(
                name: "ix_accounts_username",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_proxies_workspace_id_host_port_username",
                table: "proxies",
                columns: new[] { "workspace_id", "host", "port", "username" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_username",
                table: "accounts",
                column: "username");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_workspace_id_username",
                table: "accounts",
                columns: new[] { "workspace_id", "username" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "require_two_factor",
                table: "workspaces");

            migrationBuilder.DropIndex(
                name: "ix_proxies_workspace_id_host_port_username",
                table: "proxies");

            migrationBuilder.DropIndex(
                name: "ix_accounts_username",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_workspace_id_username",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_proxies_host_port_username",
                table: "proxies",
                columns: new[] { "host", "port", "username" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_username",
                table: "accounts",
                column: "username",
                unique: true);
        }
    }
}
