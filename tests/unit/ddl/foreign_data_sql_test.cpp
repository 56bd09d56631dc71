#include "ddl/foreign_data_kind.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::owner_oid;

// Expected SQL below is what pg_restore printed for pg_dump 15.20's archive
// of the same objects on a PostgreSQL 15.20 server.

namespace {

using Row = std::vector<std::optional<std::string>>;

struct ScriptedResult {
    std::vector<std::string> columns;
    std::vector<Row> rows;
};

// Returns the scripted results for the kind's queries in order, and fails
// the query numbered `fail_at` (0-based) with an I/O error.
class ScriptedRunner final : public catalog::QueryRunner {
public:
    std::vector<ScriptedResult> results;
    std::vector<std::string> sent;
    int fail_at = -1;

    std::error_code query(std::string_view sql, protocol::QueryResult& result,
                          protocol::Diagnostics& diagnostics) override {
        const int index = static_cast<int>(sent.size());
        sent.emplace_back(sql);
        if (index == fail_at || index >= static_cast<int>(results.size())) {
            diagnostics.set_client_message("scripted failure");
            return std::make_error_code(std::errc::io_error);
        }
        result = {};
        for (const auto& name : results[static_cast<std::size_t>(index)].columns) {
            protocol::ColumnDescription column;
            column.name = name;
            result.columns.push_back(column);
        }
        result.rows = results[static_cast<std::size_t>(index)].rows;
        return {};
    }
};

ForeignDataKind::WrapperRecord plain_wrapper() {
    ForeignDataKind::WrapperRecord wrapper;
    wrapper.name = "extra_wrapper";
    wrapper.handler = "-";
    wrapper.validator = "-";
    return wrapper;
}

ForeignDataKind::ServerRecord plain_server() {
    ForeignDataKind::ServerRecord server;
    server.name = "extra_server";
    server.wrapper_name = "extra_wrapper";
    return server;
}

ScriptedRunner two_servers_runner() {
    const std::string owner = std::to_string(owner_oid);
    ScriptedRunner runner;
    runner.results.push_back({{"tableoid", "oid", "fdwname", "fdwowner", "fdwhandler",
                               "fdwvalidator", "fdwacl", "acldefault", "initprivs", "fdwoptions"},
                              {{"2328", "16435", "extra_wrapper", owner, "-", "-", std::nullopt,
                                "{app_owner=U/app_owner}", std::nullopt, ""}}});
    runner.results.push_back(
        {{"tableoid", "oid", "srvname", "srvowner", "srvfdw", "fdwname", "srvtype", "srvversion",
          "srvacl", "acldefault", "initprivs", "srvoptions"},
         {{"1417", "16436", "extra_server", owner, "16435", "extra_wrapper", std::nullopt,
           std::nullopt, std::nullopt, "{app_owner=U/app_owner}", std::nullopt,
           "host 'unused.invalid'"},
          {"1417", "16447", "s2", owner, "16435", "extra_wrapper", "pg", "1.0",
           "{app_owner=U/app_owner,reader=U/app_owner}", "{app_owner=U/app_owner}",
           std::nullopt, ""}}});
    runner.results.push_back({{"srvid", "usename", "umoptions"},
                              {{"16436", "public", ""},
                               {"16436", "wiredump_owner", "\"user\" 'remote_name'"},
                               {"16447", "public", ""}}});
    return runner;
}

std::vector<dumpfmt::TocEntry> build_all(const ObjectGraph& graph) {
    std::vector<dumpfmt::TocEntry> entries;
    for (int i = 0; i < graph.size(); ++i) {
        std::vector<PlannedEntry> planned;
        graph.at(i).build_entries(i, planned);
        for (auto& item : planned) entries.push_back(item.entry);
    }
    return entries;
}

}  // namespace

TEST_CASE("wrapper without functions", "[foreign_data]") {
    PlanContext context = make_context();
    CHECK(create_foreign_data_wrapper_sql(context, plain_wrapper()) ==
          "CREATE FOREIGN DATA WRAPPER extra_wrapper;\n");
}

// Composed by hand from the same rules: the test server had no handler
// function and no validator that accepts these options.
TEST_CASE("wrapper with handler validator options", "[foreign_data]") {
    PlanContext context = make_context();
    ForeignDataKind::WrapperRecord wrapper = plain_wrapper();
    wrapper.name = "Odd Wrapper";
    wrapper.handler = "extra.wrapper_handler";
    wrapper.validator = "postgresql_fdw_validator";
    wrapper.options = "debug 'true',\n    \"user\" 'x'";
    CHECK(create_foreign_data_wrapper_sql(context, wrapper) ==
          "CREATE FOREIGN DATA WRAPPER \"Odd Wrapper\" HANDLER extra.wrapper_handler "
          "VALIDATOR postgresql_fdw_validator OPTIONS (\n"
          "    debug 'true',\n"
          "    \"user\" 'x'\n"
          ");\n");
}

TEST_CASE("server with options", "[foreign_data]") {
    PlanContext context = make_context();
    ForeignDataKind::ServerRecord server = plain_server();
    server.options = "host 'unused.invalid'";
    CHECK(create_server_sql(context, server) ==
          "CREATE SERVER extra_server FOREIGN DATA WRAPPER extra_wrapper OPTIONS (\n"
          "    host 'unused.invalid'\n"
          ");\n");
}

TEST_CASE("server with type and version", "[foreign_data]") {
    PlanContext context = make_context();
    ForeignDataKind::ServerRecord server = plain_server();
    server.name = "s2";
    server.type = "pg";
    server.version = "1.0";
    CHECK(create_server_sql(context, server) ==
          "CREATE SERVER s2 TYPE 'pg' VERSION '1.0' FOREIGN DATA WRAPPER extra_wrapper;\n");

    // pg_dump leaves out an empty type or version like a NULL one.
    server.type = "";
    server.version = std::nullopt;
    CHECK(create_server_sql(context, server) ==
          "CREATE SERVER s2 FOREIGN DATA WRAPPER extra_wrapper;\n");
}

TEST_CASE("user mapping statements", "[foreign_data]") {
    PlanContext context = make_context();
    CHECK(create_user_mapping_sql(context, "extra_server", {"public", ""}) ==
          "CREATE USER MAPPING FOR public SERVER extra_server;\n");
    CHECK(create_user_mapping_sql(context, "extra_server",
                                  {"wiredump_owner", "\"user\" 'remote_name'"}) ==
          "CREATE USER MAPPING FOR wiredump_owner SERVER extra_server OPTIONS (\n"
          "    \"user\" 'remote_name'\n"
          ");\n");
    // "user" is a keyword, so a role of that name is quoted.
    CHECK(create_user_mapping_sql(context, "Odd Server", {"user", ""}) ==
          "CREATE USER MAPPING FOR \"user\" SERVER \"Odd Server\";\n");
}

TEST_CASE("foreign data kind entries", "[foreign_data]") {
    PlanContext context = make_context();
    context.model.role_names[16401] = "reader";
    ScriptedRunner runner = two_servers_runner();
    ForeignDataKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    REQUIRE(runner.sent.size() == 3);
    CHECK(runner.sent[2].find("pg_user_mappings") != std::string::npos);

    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 3);
    CHECK(graph.at(0).type == ObjectType::foreign_data_wrapper);
    CHECK(graph.at(1).type == ObjectType::foreign_server);
    CHECK_FALSE(graph.at(1).namespace_name.has_value());

    std::vector<dumpfmt::TocEntry> entries = build_all(graph);
    REQUIRE(entries.size() == 7);

    CHECK(entries[0].desc == "FOREIGN DATA WRAPPER");
    CHECK(entries[0].tag == "extra_wrapper");
    CHECK(entries[0].catalog_table_oid == 2328);
    CHECK(entries[0].owner == "app_owner");
    CHECK_FALSE(entries[0].namespace_name.has_value());
    CHECK(entries[0].drop_statement == "DROP FOREIGN DATA WRAPPER extra_wrapper;\n");

    CHECK(entries[1].desc == "SERVER");
    CHECK(entries[1].section == dumpfmt::Section::pre_data);
    CHECK(entries[1].drop_statement == "DROP SERVER extra_server;\n");

    // User mappings follow their server, ordered by user name, with no catalog id.
    CHECK(entries[2].desc == "USER MAPPING");
    CHECK(entries[2].tag == "USER MAPPING public SERVER extra_server");
    CHECK(entries[2].catalog_table_oid == 0);
    CHECK(entries[2].oid == 0);
    CHECK(entries[2].owner == "app_owner");
    CHECK(entries[2].drop_statement == "DROP USER MAPPING FOR public SERVER extra_server;\n");
    CHECK(entries[3].tag == "USER MAPPING wiredump_owner SERVER extra_server");

    CHECK(entries[4].tag == "s2");
    CHECK(entries[4].definition ==
          "CREATE SERVER s2 TYPE 'pg' VERSION '1.0' FOREIGN DATA WRAPPER extra_wrapper;\n");

    // The server's ACL comes before its user mappings.
    CHECK(entries[5].desc == "ACL");
    CHECK(entries[5].tag == "FOREIGN SERVER s2");
    CHECK(entries[5].definition == "GRANT ALL ON FOREIGN SERVER s2 TO reader;\n");
    CHECK(entries[6].tag == "USER MAPPING public SERVER s2");

    // pg_dump 15 writes user mappings without dependencies.
    std::vector<PlannedEntry> server_entries;
    graph.at(1).build_entries(1, server_entries);
    REQUIRE(server_entries.size() == 3);
    CHECK(server_entries[0].is_main);
    CHECK_FALSE(server_entries[1].is_main);
    REQUIRE(server_entries[1].dependency_objects.has_value());
    CHECK(server_entries[1].dependency_objects->empty());
}

TEST_CASE("foreign data kind query failures", "[foreign_data]") {
    for (int step = 0; step < 3; ++step) {
        PlanContext context = make_context();
        ScriptedRunner runner = two_servers_runner();
        runner.fail_at = step;
        ForeignDataKind kind;
        protocol::Diagnostics diagnostics;
        INFO("failing query " << step);
        CHECK(kind.read(runner, context, diagnostics));
        CHECK(runner.sent.size() == static_cast<std::size_t>(step) + 1);
    }
}

TEST_CASE("wrapper of other extension", "[foreign_data]") {
    PlanContext context = make_context();
    context.model.extension_members.push_back({{2328, 16435}, 16390});
    ScriptedRunner runner = two_servers_runner();
    ForeignDataKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));

    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 2);
    CHECK(graph.at(0).type == ObjectType::foreign_server);
}

TEST_CASE("wrapper of dumped extension", "[foreign_data]") {
    PlanContext context = make_context();
    catalog::ExtensionRecord extension;
    extension.id = {catalog::pg_extension_oid, 16390};
    extension.name = "postgres_fdw";
    extension.dumped = true;
    context.model.extensions.push_back(extension);
    context.model.extension_members.push_back({{2328, 16435}, 16390});

    // The ACL differs from pg_init_privs by a grant to "Odd Role".
    ScriptedRunner runner = two_servers_runner();
    Row& wrapper_row = runner.results[0].rows[0];
    wrapper_row[6] = R"({app_owner=U/app_owner,"\"Odd Role\"=U/app_owner"})";
    wrapper_row[8] = "{app_owner=U/app_owner}";
    ForeignDataKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));

    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 3);
    CHECK(graph.at(0).acl_only);

    std::vector<PlannedEntry> entries;
    graph.at(0).build_entries(0, entries);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].entry.desc == "ACL");
    CHECK(entries[0].entry.tag == "FOREIGN DATA WRAPPER extra_wrapper");
    CHECK(entries[0].entry.definition ==
          "GRANT ALL ON FOREIGN DATA WRAPPER extra_wrapper TO \"Odd Role\";\n");
}
