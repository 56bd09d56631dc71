#include "ddl/table_kind.hpp"
#include "hand_built_catalog.hpp"
#include "scripted_runner.hpp"

#include <catch2/catch.hpp>

// TABLE DATA entries that pg_dump 15 writes beyond a dumped table's rows: the
// rows of extension configuration tables, and the rows of partitions below a
// hash on an enum, which load through the partition root.

using namespace wiredump;
using namespace wiredump::ddl;
using namespace wiredump::ddl::testing;

namespace {

constexpr std::uint32_t kinds_oid = 16600;
constexpr std::uint32_t entries_oid = 16601;

// Two configuration tables of an extension, neither dumped itself. "entries"
// has a foreign key to "kinds", and "kinds" a registered condition.
void add_config_tables(PlanContext& context) {
    catalog::RelationRecord& kinds = add_table(context, kinds_oid, "kinds");
    kinds.dumped = false;
    kinds.extension_config_filter = "WHERE NOT builtin";
    add_column(context, kinds_oid, "kind", "text");
    add_column(context, kinds_oid, "builtin", "boolean");

    catalog::RelationRecord& entries = add_table(context, entries_oid, "entries");
    entries.dumped = false;
    entries.extension_config_filter = "";
    add_column(context, entries_oid, "id", "integer");
    add_column(context, entries_oid, "kind", "text");
}

void script_config_foreign_keys(ScriptedRunner& runner) {
    runner.results["FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_depend d"] = make_result(
        {"conrelid", "confrelid"},
        {{std::to_string(entries_oid), std::to_string(kinds_oid)}});
}

// The graph index of the TABLE DATA object of a table, or -1.
int data_object(const ObjectGraph& graph, std::uint32_t table_oid) {
    for (int i = 0; i < graph.size(); ++i) {
        if (graph.at(i).type == ObjectType::table_data && graph.at(i).id.oid == table_oid) return i;
    }
    return -1;
}

// Adds a partition of `parent` with one enum column and one integer column.
void add_partition(PlanContext& context, std::uint32_t oid, std::string name,
                   std::uint32_t parent, char relkind = 'r') {
    catalog::RelationRecord& partition = add_table(context, oid, std::move(name), relkind);
    partition.is_partition = true;
    context.model.parents[oid] = {parent};
    add_column(context, oid, "m", "inv.mood");
    add_column(context, oid, "n", "integer");
}

// feelings is hashed on an enum. days is range-partitioned, and only its
// partition days_low is hashed on an enum.
void add_partition_trees(PlanContext& context) {
    add_table(context, 16700, "feelings", 'p');
    add_partition(context, 16701, "feelings_0", 16700);
    add_table(context, 16710, "days", 'p');
    add_partition(context, 16711, "days_low", 16710, 'p');
    add_partition(context, 16712, "days_low_0", 16711);
    add_partition(context, 16713, "days_high", 16710);
}

void script_partition_reads(ScriptedRunner& runner) {
    runner.results["FROM pg_catalog.pg_partitioned_table p"] =
        make_result({"partrelid"}, {{"16700"}, {"16711"}});
    runner.results["JOIN pg_catalog.pg_attrdef a"] =
        make_result({"tableoid", "oid", "adrelid", "adnum", "adsrc"}, {});
    runner.results["JOIN pg_catalog.pg_constraint c ON"] = make_result(
        {"tableoid", "oid", "conrelid", "conname", "contype", "consrc", "conislocal",
         "convalidated"},
        {});
    runner.results["pg_catalog.pg_get_partkeydef"] = make_result({"oid", "text"}, {});
    runner.results["pg_catalog.pg_get_expr(c.relpartbound"] = make_result({"oid", "text"}, {});
}

}  // namespace

TEST_CASE("configuration table data entries", "[table_data]") {
    PlanContext context = make_context();
    add_config_tables(context);
    ScriptedRunner runner;
    script_config_foreign_keys(runner);
    protocol::Diagnostics diagnostics;
    TableKind kind;

    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    // No table is dumped, so only the foreign keys between configuration tables are read.
    CHECK(runner.sent.size() == 1);

    ObjectGraph graph;
    kind.add_objects(context, graph);
    const int kinds_data = data_object(graph, kinds_oid);
    const int entries_data = data_object(graph, entries_oid);
    REQUIRE(kinds_data >= 0);
    REQUIRE(entries_data >= 0);

    SECTION("keeps the registered condition") {
        const auto kinds = build_entries(graph, kinds_data);
        REQUIRE(kinds.size() == 1);
        CHECK(kinds[0].entry.desc == "TABLE DATA");
        CHECK(kinds[0].entry.tag == "kinds");
        CHECK(kinds[0].entry.namespace_name == "inv");
        CHECK(kinds[0].entry.owner == "app_owner");
        CHECK(kinds[0].entry.copy_statement == "COPY inv.kinds (kind, builtin) FROM stdin;\n");
        REQUIRE(kinds[0].data_job.has_value());
        CHECK(kinds[0].data_job->copy_to_sql ==
              "COPY (SELECT kind, builtin FROM inv.kinds WHERE NOT builtin) TO stdout;");
        // Not the extension's table, which CREATE EXTENSION restores.
        CHECK(kinds[0].dependency_objects == std::vector<int>{});
    }

    SECTION("loads after the data it references") {
        const auto entries = build_entries(graph, entries_data);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].data_job->copy_to_sql == "COPY inv.entries (id, kind) TO stdout;");
        CHECK(entries[0].dependency_objects == std::vector<int>{kinds_data});
    }
}

TEST_CASE("configuration table data is left out with -s", "[table_data]") {
    PlanContext context = make_context();
    context.options.content.schema_only = true;
    add_config_tables(context);
    ScriptedRunner runner;
    protocol::Diagnostics diagnostics;
    TableKind kind;

    REQUIRE_FALSE(kind.read(runner, context, diagnostics));
    CHECK(runner.sent.empty());
    ObjectGraph graph;
    kind.add_objects(context, graph);
    CHECK(data_object(graph, kinds_oid) == -1);
}

TEST_CASE("partitions below a hash on an enum load through the root", "[table_data]") {
    PlanContext context = make_context();
    add_partition_trees(context);
    ScriptedRunner runner;
    script_partition_reads(runner);
    protocol::Diagnostics diagnostics;
    TableKind kind;
    REQUIRE_FALSE(kind.read(runner, context, diagnostics));

    ObjectGraph graph;
    kind.add_objects(context, graph);
    const auto feelings = build_entries(graph, data_object(graph, 16701));
    REQUIRE(feelings.size() == 1);
    CHECK(feelings[0].entry.definition == "-- load via partition root inv.feelings");
    CHECK(feelings[0].entry.copy_statement == "COPY inv.feelings (m, n) FROM stdin;\n");
    CHECK(feelings[0].data_job->copy_to_sql == "COPY inv.feelings_0 (m, n) TO stdout;");

    // The enum hash is one level up, and the rows go to the topmost root.
    const auto days_low = build_entries(graph, data_object(graph, 16712));
    CHECK(days_low[0].entry.definition == "-- load via partition root inv.days");
    CHECK(days_low[0].entry.copy_statement == "COPY inv.days (m, n) FROM stdin;\n");

    // No enum hash above it: the rows load into the partition itself.
    const auto days_high = build_entries(graph, data_object(graph, 16713));
    CHECK(days_high[0].entry.definition.value_or("").empty());
    CHECK(days_high[0].entry.copy_statement == "COPY inv.days_high (m, n) FROM stdin;\n");
}

TEST_CASE("table data rules fail at each query", "[table_data]") {
    for (int step = 0; step < 2; ++step) {
        CAPTURE(step);
        PlanContext context = make_context();
        add_config_tables(context);
        add_partition_trees(context);
        ScriptedRunner runner;
        script_config_foreign_keys(runner);
        script_partition_reads(runner);
        runner.fail_at = step;
        protocol::Diagnostics diagnostics;
        TableKind kind;

        CHECK(kind.read(runner, context, diagnostics));
        CHECK(runner.sent.size() == static_cast<std::size_t>(step) + 1);
        CHECK(diagnostics.client_message().rfind("could not read ", 0) == 0);
        CHECK(diagnostics.server_error().has_value());
    }
}
