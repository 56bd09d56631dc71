#include "ddl/acl_kind.hpp"
#include "ddl/acl_sql.hpp"
#include "ddl/function_kind.hpp"
#include "ddl/trigger_kind.hpp"
#include "hand_built_catalog.hpp"
#include "scripted_runner.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::add_table;
using wiredump::ddl::testing::make_result;
using wiredump::ddl::testing::Row;
using wiredump::ddl::testing::ScriptedRunner;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::owner_oid;
using wiredump::ddl::testing::schema_oid;

namespace {

std::vector<std::string> function_columns() {
    return {"tableoid", "oid", "proname", "pronamespace", "proowner", "prokind", "proretset",
            "prosrc", "probin", "provolatile", "proisstrict", "prosecdef", "proleakproof",
            "proparallel", "lanname", "proconfig", "procost", "prorows", "prosupport",
            "funcargs", "funciargs", "funcresult", "transforms", "prosqlbody", "argtypes",
            "argschemas", "argtypenames", "proacl", "acldefault", "initprivs"};
}

Row add_function_row(std::optional<std::string> acl) {
    return {"1255", "16529", "add", std::to_string(schema_oid), std::to_string(owner_oid), "f",
            "f", "SELECT a + b", std::nullopt, "i", "t", "f", "f", "u", "sql", std::nullopt,
            "100", "0", "-", "a integer, b integer DEFAULT 2", "a integer, b integer",
            "integer", "", std::nullopt, "{integer,integer}", "{pg_catalog,pg_catalog}",
            "{int4,int4}", std::move(acl), "{=X/app_owner,app_owner=X/app_owner}",
            std::nullopt};
}

std::vector<PlannedEntry> build_all(ObjectGraph& graph) {
    std::vector<PlannedEntry> entries;
    for (int i = 0; i < graph.size(); ++i) {
        if (graph.at(i).dumped && graph.at(i).build_entries) graph.at(i).build_entries(i, entries);
    }
    return entries;
}

}  // namespace

TEST_CASE("function kind entries", "[function_kind]") {
    PlanContext context = make_context();
    context.model.role_names[16401] = "app_reader";
    context.model.comments[{catalog::pg_proc_oid, 16529}][0] = "adds";

    ScriptedRunner runner;
    runner.results["FROM pg_catalog.pg_proc"] = make_result(
        function_columns(),
        {add_function_row("{=X/app_owner,app_owner=X/app_owner,app_reader=X/app_owner}")});

    FunctionKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    CHECK(runner.sent.size() == 1);
    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 1);
    CHECK(graph.at(0).type == ObjectType::function);
    CHECK(graph.at(0).sort_number == 2);

    std::vector<PlannedEntry> entries = build_all(graph);
    REQUIRE(entries.size() == 3);

    const dumpfmt::TocEntry& function = entries[0].entry;
    CHECK(entries[0].is_main);
    CHECK(function.desc == "FUNCTION");
    CHECK(function.tag == "add(integer, integer)");
    CHECK(function.namespace_name == std::optional<std::string>("inv"));
    CHECK(function.owner == std::optional<std::string>("app_owner"));
    CHECK(function.catalog_table_oid == catalog::pg_proc_oid);
    CHECK(function.oid == 16529);
    CHECK(function.definition ==
          std::optional<std::string>("CREATE FUNCTION inv.add(a integer, b integer DEFAULT 2) "
                                     "RETURNS integer\n"
                                     "    LANGUAGE sql IMMUTABLE STRICT\n"
                                     "    AS $$SELECT a + b$$;\n"));
    CHECK(function.drop_statement ==
          std::optional<std::string>("DROP FUNCTION inv.add(a integer, b integer);\n"));

    CHECK(entries[1].entry.desc == "COMMENT");
    CHECK(entries[1].entry.tag == "FUNCTION add(a integer, b integer)");
    CHECK(entries[1].entry.definition ==
          std::optional<std::string>(
              "COMMENT ON FUNCTION inv.add(a integer, b integer) IS 'adds';\n"));

    CHECK(entries[2].entry.desc == "ACL");
    CHECK(entries[2].entry.tag == "FUNCTION add(a integer, b integer)");
    CHECK(entries[2].entry.section == dumpfmt::Section::none);
    CHECK(entries[2].entry.definition ==
          std::optional<std::string>(
              "GRANT ALL ON FUNCTION inv.add(a integer, b integer) TO app_reader;\n"));
}

TEST_CASE("function kind skips extension members", "[function_kind]") {
    PlanContext context = make_context();
    catalog::ExtensionRecord extension;
    extension.id = {catalog::pg_extension_oid, 16390};
    extension.dumped = false;
    context.model.extensions.push_back(extension);
    context.model.extension_members.push_back({{catalog::pg_proc_oid, 16529}, 16390});

    ScriptedRunner runner;
    runner.results["FROM pg_catalog.pg_proc"] =
        make_result(function_columns(), {add_function_row(std::nullopt)});

    FunctionKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    ObjectGraph graph;
    kind.add_objects(context, graph);
    CHECK(graph.size() == 0);
}

TEST_CASE("function kind reports read failure", "[function_kind]") {
    PlanContext context = make_context();
    ScriptedRunner runner;
    FunctionKind kind;
    protocol::Diagnostics diagnostics;
    CHECK(kind.read(runner, context, diagnostics) == std::errc::invalid_argument);
    CHECK(diagnostics.client_message().find("functions") != std::string::npos);
    CHECK(diagnostics.server_error().has_value());
}

TEST_CASE("function kind rejects invalid acl", "[function_kind]") {
    PlanContext context = make_context();
    ScriptedRunner runner;
    runner.results["FROM pg_catalog.pg_proc"] =
        make_result(function_columns(), {add_function_row("{broken}")});

    FunctionKind kind;
    protocol::Diagnostics diagnostics;
    CHECK(kind.read(runner, context, diagnostics) == acl_errc::invalid_acl_item);
    CHECK(diagnostics.client_message().find("add(a integer, b integer)") != std::string::npos);
}

TEST_CASE("acl kind appends after parent", "[acl_kind]") {
    PlanContext context = make_context();
    context.model.role_names[16401] = "app_reader";
    catalog::RelationRecord& table = add_table(context, 16647, "item");
    table.acl = "{app_owner=arwdDxt/app_owner,app_reader=r/app_owner}";
    table.acl_default = "{app_owner=arwdDxt/app_owner}";

    ScriptedRunner runner;
    runner.results["FROM pg_catalog.pg_init_privs"] =
        make_result({"objoid", "classoid", "objsubid", "initprivs"}, {});
    runner.results["FROM pg_catalog.pg_attribute"] = make_result(
        {"attrelid", "attname", "attacl", "initprivs"},
        {{"16647", "note", "{app_reader=r/app_owner}", std::nullopt}});

    ObjectGraph graph;
    DumpObject object;
    object.id = table.id;
    object.build_entries = [](int, std::vector<PlannedEntry>& entries) {
        PlannedEntry planned;
        planned.entry.desc = "TABLE";
        entries.push_back(planned);
    };
    graph.add(std::move(object));

    AclKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    kind.add_objects(context, graph);

    std::vector<PlannedEntry> entries = build_all(graph);
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].entry.desc == "TABLE");
    CHECK(entries[1].entry.tag == "TABLE item");
    CHECK(entries[1].entry.definition ==
          std::optional<std::string>("GRANT SELECT ON TABLE inv.item TO app_reader;\n"));
    CHECK(entries[2].entry.tag == "COLUMN item.note");
    CHECK(entries[2].entry.definition ==
          std::optional<std::string>("GRANT SELECT(note) ON TABLE inv.item TO app_reader;\n"));
    CHECK_FALSE(entries[2].is_main);
    CHECK(entries[2].earlier_entries == std::vector<int>{1});
}

TEST_CASE("trigger kind entry", "[trigger_kind]") {
    PlanContext context = make_context();
    catalog::RelationRecord& table = add_table(context, 16647, "item");
    table.has_triggers = true;

    ScriptedRunner runner;
    runner.results["FROM pg_catalog.pg_trigger"] = make_result(
        {"tableoid", "oid", "tgrelid", "tgname", "tgdef", "tgenabled", "tgispartition"},
        {{"2620", "16708", "16647", "item_touch",
          "CREATE TRIGGER item_touch BEFORE INSERT ON inv.item FOR EACH ROW EXECUTE FUNCTION "
          "inv.touch()",
          "O", "f"}});

    TriggerKind kind;
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 1);
    CHECK(graph.at(0).boundary == BoundarySide::post_data);

    std::vector<PlannedEntry> entries = build_all(graph);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].entry.tag == "item item_touch");
    CHECK(entries[0].entry.desc == "TRIGGER");
    CHECK(entries[0].entry.section == dumpfmt::Section::post_data);
    CHECK(entries[0].entry.drop_statement ==
          std::optional<std::string>("DROP TRIGGER item_touch ON inv.item;\n"));
}
