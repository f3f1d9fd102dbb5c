using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Workspaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_follow_categories_name",
                table: "follow_categories");

            migrationBuilder.AddColumn<int>(
                name: "workspace_id",
                table: "tasks",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "workspace_id",
                table: "proxies",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "workspace_id",
                table: "media",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "workspace_id",
                table: "follow_categories",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "workspace_id",
                table: "accounts",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "workspaces",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspaces", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workspace_invitations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    workspace_id = table.Column<int>(type: "integer", nullable: false),
                    email = table.Column<string>(type: "text", nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    token_hash = table.Column<string>(type: "text", nullable: false),
                    invited_by = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_workspace_invitations_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_media_shares",
                columns: table => new
                {
                    media_id = table.Column<int>(type: "integer", nullable: false),
                    workspace_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_media_shares", x => new { x.media_id, x.workspace_id });
                    table.ForeignKey(
                        name: "fk_workspace_media_shares_media_media_id",
                        column: x => x.media_id,
                        principalTable: "media",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_workspace_media_shares_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_members",
                columns: table => new
                {
                    workspace_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    selected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_members", x => new { x.workspace_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_workspace_members_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_workspace_members_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_proxy_shares",
                columns: table => new
                {
                    proxy_id = table.Column<int>(type: "integer", nullable: false),
                    workspace_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_proxy_shares", x => new { x.proxy_id, x.workspace_id });
                    table.ForeignKey(
                        name: "fk_workspace_proxy_shares_proxies_proxy_id",
                        column: x => x.proxy_id,
                        principalTable: "proxies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_workspace_proxy_shares_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_workspace_id",
                table: "tasks",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_proxies_workspace_id",
                table: "proxies",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_media_workspace_id",
                table: "media",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_categories_workspace_id",
                table: "follow_categories",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_categories_workspace_id_name",
                table: "follow_categories",
                columns: new[] { "workspace_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_workspace_id",
                table: "accounts",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_workspace_invitations_token_hash",
                table: "workspace_invitations",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_workspace_invitations_workspace_id",
                table: "workspace_invitations",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_workspace_media_shares_workspace_id",
                table: "workspace_media_shares",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_workspace_members_user_id",
                table: "workspace_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_workspace_proxy_shares_workspace_id",
                table: "workspace_proxy_shares",
                column: "workspace_id");

            migrationBuilder.CreateIndex(
                name: "ix_workspaces_name",
                table: "workspaces",
                column: "name",
                unique: true);

            migrationBuilder.Sql(Sql.WorkspacesSql.DefaultWorkspace);
            migrationBuilder.Sql(Sql.WorkspacesSql.ExistingUsersOwnDefault);

            migrationBuilder.AddForeignKey(
                name: "fk_accounts_workspaces_workspace_id",
                table: "accounts",
                column: "workspace_id",
                principalTable: "workspaces",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_follow_categories_workspaces_workspace_id",
                table: "follow_categories",
                column: "workspace_id",
                principalTable: "workspaces",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_media_workspaces_workspace_id",
                table: "media",
                column: "workspace_id",
                principalTable: "workspaces",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_proxies_workspaces_workspace_id",
                table: "proxies",
                column: "workspace_id",
                principalTable: "workspaces",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_tasks_workspaces_workspace_id",
                table: "tasks",
                column: "workspace_id",
                principalTable: "workspaces",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_accounts_workspaces_workspace_id",
                table: "accounts");

            migrationBuilder.DropForeignKey(
                name: "fk_follow_categories_workspaces_workspace_id",
                table: "follow_categories");

            migrationBuilder.DropForeignKey(
                name: "fk_media_workspaces_workspace_id",
                table: "media");

            migrationBuilder.DropForeignKey(
                name: "fk_proxies_workspaces_workspace_id",
                table: "proxies");

            migrationBuilder.DropForeignKey(
                name: "fk_tasks_workspaces_workspace_id",
                table: "tasks");

            migrationBuilder.DropTable(
                name: "workspace_invitations");

            migrationBuilder.DropTable(
                name: "workspace_media_shares");

            migrationBuilder.DropTable(
                name: "workspace_members");

            migrationBuilder.DropTable(
                name: "workspace_proxy_shares");

            migrationBuilder.DropTable(
                name: "workspaces");

            migrationBuilder.DropIndex(
                name: "ix_tasks_workspace_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_proxies_workspace_id",
                table: "proxies");

            migrationBuilder.DropIndex(
                name: "ix_media_workspace_id",
                table: "media");

            migrationBuilder.DropIndex(
                name: "ix_follow_categories_workspace_id",
                table: "follow_categories");

            migrationBuilder.DropIndex(
                name: "ix_follow_categories_workspace_id_name",
                table: "follow_categories");

            migrationBuilder.DropIndex(
                name: "ix_accounts_workspace_id",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "workspace_id",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "workspace_id",
                table: "proxies");

            migrationBuilder.DropColumn(
                name: "workspace_id",
                table: "media");

            migrationBuilder.DropColumn(
                name: "workspace_id",
                table: "follow_categories");

            migrationBuilder.DropColumn(
                name: "workspace_id",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_follow_categories_name",
                table: "follow_categories",
                column: "name",
                unique: true);
        }
    }
}
