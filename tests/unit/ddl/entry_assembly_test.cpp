#include "ddl/entry_assembly.hpp"
#include "ddl/graph_edges.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;

namespace {

// An object whose builder writes one main entry named after it, plus one
// child entry when `child_tag` is not empty.
int add_entry_object(ObjectGraph& graph, std::string name, std::string child_tag = "") {
    DumpObject object;
    object.name = name;
    object.build_entries = [name, child_tag](int, std::vector<PlannedEntry>& entries) {
        PlannedEntry planned;
        planned.entry.tag = name;
        entries.push_back(planned);
        if (!child_tag.empty()) {
            PlannedEntry child;
            child.is_main = false;
            child.entry.tag = child_tag;
            entries.push_back(child);
        }
    };
    return graph.add(std::move(object));
}

}  // namespace

TEST_CASE("assemble_entries numbers in order", "[ddl][assembly]") {
    ObjectGraph graph;
    int schema = add_entry_object(graph, "inv", "COMMENT SCHEMA inv");
    int table = add_entry_object(graph, "item");
    graph.add_dependency(table, schema);

    std::vector<dumpfmt::TocEntry> entries;
    std::vector<TableDataJob> jobs;
    assemble_entries(graph, {schema, table}, 4, entries, jobs);

    REQUIRE(entries.size() == 3);
    CHECK(entries[0].dump_id == 4);
    CHECK(entries[1].tag == "COMMENT SCHEMA inv");
    CHECK(entries[1].dependencies == std::vector<int>{4});
    CHECK(entries[2].dump_id == 6);
    CHECK(entries[2].dependencies == std::vector<int>{4});
}

TEST_CASE("assemble_entries follows objects without entries", "[ddl][assembly]") {
    ObjectGraph graph;
    int extension = add_entry_object(graph, "hstore");
    DumpObject member;  // an extension's type: no entry of its own
    member.dumped = false;
    int type = graph.add(std::move(member));
    graph.add_dependency(type, extension);
    int table = add_entry_object(graph, "item");
    graph.add_dependency(table, type);
    graph.add_dependency(table, extension);

    std::vector<dumpfmt::TocEntry> entries;
    std::vector<TableDataJob> jobs;
    assemble_entries(graph, {extension, type, table}, 1, entries, jobs);

    REQUIRE(entries.size() == 2);
    CHECK(entries[1].dependencies == std::vector<int>{1});
}

TEST_CASE("assemble_entries stops at boundaries", "[ddl][assembly]") {
    ObjectGraph graph;
    int table = add_entry_object(graph, "item");
    int data = add_entry_object(graph, "item data");
    graph.add_dependency(data, table);
    add_section_boundaries(graph);
    graph.at(data).dependencies.push_back(graph.pre_data_boundary);

    std::vector<dumpfmt::TocEntry> entries;
    std::vector<TableDataJob> jobs;
    assemble_entries(graph, {table, graph.pre_data_boundary, data}, 1, entries, jobs);

    REQUIRE(entries.size() == 2);
    CHECK(entries[1].dependencies == std::vector<int>{1});
}

TEST_CASE("assemble_entries fills data job ids", "[ddl][assembly]") {
    ObjectGraph graph;
    DumpObject data;
    data.build_entries = [](int, std::vector<PlannedEntry>& entries) {
        PlannedEntry planned;
        planned.entry.desc = "TABLE DATA";
        planned.data_job = TableDataJob{};
        planned.data_job->copy_to_sql = "COPY inv.item (id) TO stdout;";
        entries.push_back(planned);
    };
    int data_object = graph.add(std::move(data));

    std::vector<dumpfmt::TocEntry> entries;
    std::vector<TableDataJob> jobs;
    assemble_entries(graph, {data_object}, 7, entries, jobs);

    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].dump_id == 7);
    CHECK(jobs[0].copy_to_sql == "COPY inv.item (id) TO stdout;");
}
