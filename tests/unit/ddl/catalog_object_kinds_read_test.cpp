#include "ddl/operator_class_kind.hpp"
#include "ddl/text_search_kind.hpp"
#include "hand_built_catalog.hpp"
#include "scripted_runner.hpp"

#include <catch2/catch.hpp>

#include <map>

// Reads of the text search and operator class kinds against scripted query
// results: how rows become objects and entries, how many queries run, and
// what a failure at each query returns.

using namespace wiredump;
using namespace wiredump::ddl;
using namespace wiredump::ddl::testing;

namespace {

std::vector<std::string> text_search_columns() {
    return {"tableoid", "oid", "name", "namespace", "owner", "f1", "f2", "f3", "f4", "f5",
            "referenced_schema", "referenced_name", "init_options"};
}

void script_text_search(ScriptedRunner& runner) {
    const std::string schema = std::to_string(schema_oid);
    const std::string owner = std::to_string(owner_oid);
    runner.results["FROM pg_catalog.pg_ts_parser x"] = make_result(
        text_search_columns(),
        {{"3601", "16536", "prs", schema, "0", "prsd_start", "prsd_nexttoken", "prsd_end", "-",
          "prsd_lextype", std::nullopt, std::nullopt, std::nullopt}});
    runner.results["FROM pg_catalog.pg_ts_template x"] = make_result(text_search_columns(), {});
    runner.results["FROM pg_catalog.pg_ts_dict x"] = make_result(text_search_columns(), {});
    runner.results["FROM pg_catalog.pg_ts_config x"] = make_result(
        text_search_columns(),
        {{"3602", "16537", "cfg", schema, owner, std::nullopt, std::nullopt, std::nullopt,
          std::nullopt, std::nullopt, "inv", "prs", std::nullopt}});
    runner.results["FROM pg_catalog.pg_ts_config_map m"] = make_result(
        {"mapcfg", "token_type", "dictionary"},
        {{"16537", "word", "simple"}, {"16537", "word", "english_stem"},
         {"16537", "email", "simple"}});
}

}  // namespace

TEST_CASE("text search read builds entries", "[text_search_kind]") {
    PlanContext context = make_context();
    ScriptedRunner runner;
    script_text_search(runner);
    protocol::Diagnostics diagnostics;
    TextSearchObjectsKind kind;

    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    // One query per catalog plus one for all mappings, whatever the object count.
    CHECK(runner.sent.size() == 5);

    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 2);
    CHECK(graph.at(0).type == ObjectType::text_search_parser);
    CHECK(graph.at(1).type == ObjectType::text_search_configuration);

    const auto parser = build_entries(graph, 0);
    REQUIRE(parser.size() == 1);
    CHECK(parser[0].entry.desc == "TEXT SEARCH PARSER");
    CHECK_FALSE(parser[0].entry.owner.has_value());

    const auto configuration = build_entries(graph, 1);
    REQUIRE(configuration.size() == 1);
    CHECK(configuration[0].entry.owner == "app_owner");
    CHECK(configuration[0].entry.definition ==
          "CREATE TEXT SEARCH CONFIGURATION inv.cfg (\n"
          "    PARSER = inv.prs );\n"
          "\n"
          "ALTER TEXT SEARCH CONFIGURATION inv.cfg\n"
          "    ADD MAPPING FOR word WITH simple, english_stem;\n"
          "\n"
          "ALTER TEXT SEARCH CONFIGURATION inv.cfg\n"
          "    ADD MAPPING FOR email WITH simple;\n");
}

TEST_CASE("text search read fails at each query", "[text_search_kind]") {
    for (int step = 0; step < 5; ++step) {
        CAPTURE(step);
        PlanContext context = make_context();
        ScriptedRunner runner;
        script_text_search(runner);
        runner.fail_at = step;
        protocol::Diagnostics diagnostics;
        TextSearchObjectsKind kind;

        CHECK(kind.read(runner, context, diagnostics));
        CHECK(runner.sent.size() == static_cast<std::size_t>(step) + 1);
        CHECK(diagnostics.client_message().rfind("could not read ", 0) == 0);
        CHECK(diagnostics.server_error().has_value());
    }
}

TEST_CASE("text search read missing column", "[text_search_kind]") {
    PlanContext context = make_context();
    ScriptedRunner runner;
    script_text_search(runner);
    runner.results["FROM pg_catalog.pg_ts_template x"] = make_result({"tableoid", "oid"}, {});
    protocol::Diagnostics diagnostics;
    TextSearchObjectsKind kind;

    CHECK(kind.read(runner, context, diagnostics));
    CHECK(diagnostics.client_message().find("text search templates") != std::string::npos);
}

namespace {

void script_operator_classes(ScriptedRunner& runner) {
    const std::string schema = std::to_string(schema_oid);
    const std::string owner = std::to_string(owner_oid);
    runner.results["FROM pg_catalog.pg_opclass c"] = make_result(
        {"tableoid", "oid", "opcname", "opcnamespace", "opcowner", "input_type", "storage_type",
         "opcdefault", "opcfamily", "family_name", "family_schema", "amname"},
        {{"2616", "16515", "int_ops", schema, owner, "integer", "-", "f", "16514", "fam", "inv",
          "btree"}});
    runner.results["FROM pg_catalog.pg_opfamily f JOIN"] = make_result(
        {"tableoid", "oid", "opfname", "opfnamespace", "opfowner", "amname"},
        {{"2753", "16514", "fam", schema, owner, "btree"}});
    // The class's second row names another family, which pg_dump leaves out.
    runner.results["FROM pg_catalog.pg_amop o"] = make_result(
        {"refclassid", "refobjid", "amopfamily", "amopstrategy", "operator_name",
         "sort_family_name", "sort_family_schema"},
        {{"2753", "16514", "16514", "1", "<(integer,bigint)", std::nullopt, std::nullopt},
         {"2616", "16515", "16514", "1", "<(integer,integer)", std::nullopt, std::nullopt},
         {"2616", "16515", "99999", "2", "<=(integer,integer)", std::nullopt, std::nullopt}});
    runner.results["FROM pg_catalog.pg_amproc p"] = make_result(
        {"refclassid", "refobjid", "amprocnum", "function", "left_type", "right_type"},
        {{"2616", "16515", "1", "btint4cmp(integer,integer)", "integer", "integer"}});
}

}  // namespace

TEST_CASE("operator class read routes members", "[operator_class_kind]") {
    PlanContext context = make_context();
    ScriptedRunner runner;
    script_operator_classes(runner);
    protocol::Diagnostics diagnostics;
    OperatorClassKind kind;

    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    CHECK(runner.sent.size() == 4);

    ObjectGraph graph;
    kind.add_objects(context, graph);
    REQUIRE(graph.size() == 2);
    CHECK(graph.at(0).type == ObjectType::operator_class);
    CHECK(graph.at(1).type == ObjectType::operator_family);

    const auto operator_class = build_entries(graph, 0);
    REQUIRE(operator_class.size() == 1);
    CHECK(operator_class[0].entry.definition ==
          "CREATE OPERATOR CLASS inv.int_ops\n"
          "    FOR TYPE integer USING btree FAMILY inv.fam AS\n"
          "    OPERATOR 1 <(integer,integer) ,\n"
          "    FUNCTION 1 (integer, integer) btint4cmp(integer,integer);\n");

    const auto family = build_entries(graph, 1);
    REQUIRE(family.size() == 1);
    CHECK(family[0].entry.definition ==
          "CREATE OPERATOR FAMILY inv.fam USING btree;\n"
          "ALTER OPERATOR FAMILY inv.fam USING btree ADD\n"
          "    OPERATOR 1 <(integer,bigint);\n");
}

TEST_CASE("operator class read fails at each query", "[operator_class_kind]") {
    for (int step = 0; step < 4; ++step) {
        CAPTURE(step);
        PlanContext context = make_context();
        ScriptedRunner runner;
        script_operator_classes(runner);
        runner.fail_at = step;
        protocol::Diagnostics diagnostics;
        OperatorClassKind kind;

        CHECK(kind.read(runner, context, diagnostics));
        CHECK(runner.sent.size() == static_cast<std::size_t>(step) + 1);
        CHECK(diagnostics.client_message().rfind("could not read ", 0) == 0);
    }
}
