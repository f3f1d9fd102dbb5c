using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InstaUploader.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountPacingAndHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "cooling_until",
                table: "proxies",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "pace",
                table: "proxies",
                type: "double precision",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddColumn<int>(
                name: "push_back_streak",
                table: "proxies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "cooling_until",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "health",
                table: "accounts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "healthy");

            migrationBuilder.AddColumn<string>(
                name: "health_reason",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "pace",
                table: "accounts",
                type: "double precision",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddColumn<int>(
                name: "push_back_streak",
                table: "accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "account_pauses",
                columns: table => new
                {
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_pauses", x => new { x.account_id, x.action });
                    table.ForeignKey(
                        name: "fk_account_pauses_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "action_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<int>(type: "integer", nullable: false),
                    proxy_id = table.Column<int>(type: "integer", nullable: true),
                    item_id = table.Column<long>(type: "bigint", nullable: true),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_action_events_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "action_limits",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    workspace_id = table.Column<int>(type: "integer", nullable: true),
                    account_id = table.Column<int>(type: "integer", nullable: true),
                    action = table.Column<string>(type: "text", nullable: false),
                    per_hour = table.Column<int>(type: "integer", nullable: true),
                    per_day = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_limits", x => x.id);
                    table.ForeignKey(
                        name: "fk_action_limits_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pacing_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<int>(type: "integer", nullable: true),
                    proxy_id = table.Column<int>(type: "integer", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    health = table.Column<string>(type: "text", nullable: true),
                    previous_health = table.Column<string>(type: "text", nullable: true),
                    pace = table.Column<double>(type: "double precision", nullable: false),
                    cooling_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pacing_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_pacing_events_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_pacing_events_proxies_proxy_id",
                        column: x => x.proxy_id,
                        principalTable: "proxies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_health",
                table: "accounts",
                column: "health");

            migrationBuilder.CreateIndex(
                name: "ix_action_events_account_id_action_occurred_at",
                table: "action_events",
                columns: new[] { "account_id", "action", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_action_events_item_id",
                table: "action_events",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_limits_account_id",
                table: "action_limits",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_limits_workspace_id_account_id_action",
                table: "action_limits",
                columns: new[] { "workspace_id", "account_id", "action" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_pacing_events_account_id_at",
                table: "pacing_events",
                columns: new[] { "account_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_pacing_events_kind_at",
                table: "pacing_events",
                columns: new[] { "kind", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_pacing_events_proxy_id_at",
                table: "pacing_events",
                columns: new[] { "proxy_id", "at" });

            migrationBuilder.Sql(Sql.AccountPacingAndHealthSql.HealthFromStatus);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_pauses");

            migrationBuilder.DropTable(
                name: "action_events");

            migrationBuilder.DropTable(
                name: "action_limits");

            migrationBuilder.DropTable(
                name: "pacing_events");

            migrationBuilder.DropIndex(
                name: "ix_accounts_health",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "cooling_until",
                table: "proxies");

            migrationBuilder.DropColumn(
                name: "pace",
                table: "proxies");

            migrationBuilder.DropColumn(
                name: "push_back_streak",
                table: "proxies");

            migrationBuilder.DropColumn(
                name: "cooling_until",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "health",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "health_reason",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "pace",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "push_back_streak",
                table: "accounts");
        }
    }
}
