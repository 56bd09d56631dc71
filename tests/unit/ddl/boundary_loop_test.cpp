#include "ddl/graph_edges.hpp"
#include "ddl/object_sort.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace wiredump;
using namespace wiredump::ddl;

namespace {

int add_object(ObjectGraph& graph, ObjectType type, std::string name, BoundarySide boundary) {
    DumpObject object;
    object.type = type;
    object.namespace_name = "public";
    object.name = std::move(name);
    object.boundary = boundary;
    return graph.add(std::move(object));
}

std::size_t position(const std::vector<int>& order, int object) {
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), object) - order.begin());
}

}  // namespace

// A SQL-body function whose GROUP BY relies on a primary key depends on a
// post-data constraint, so it loops through the pre-data boundary.
TEST_CASE("boundary loop postpones function", "[object_sort]") {
    ObjectGraph graph;
    int table = add_object(graph, ObjectType::table, "t", BoundarySide::pre_data);
    int function = add_object(graph, ObjectType::function, "f", BoundarySide::pre_data);
    int key = add_object(graph, ObjectType::constraint, "t_pkey", BoundarySide::post_data);
    // The table's data links the post-data boundary back to the pre-data one.
    int data = add_object(graph, ObjectType::table_data, "t", BoundarySide::data);
    graph.add_dependency(data, table);
    bool postponed = false;
    graph.at(function).postpone = [&postponed](DumpObject&) { postponed = true; };
    graph.add_dependency(function, key);
    graph.add_dependency(key, table);
    add_section_boundaries(graph);

    std::vector<std::string> warnings;
    std::vector<int> order = sort_objects(graph, warnings);

    CHECK(warnings.empty());
    CHECK(postponed);
    CHECK(position(order, key) < position(order, function));
    CHECK(position(order, table) < position(order, key));
}

TEST_CASE("boundary loop without postponable object", "[object_sort]") {
    ObjectGraph graph;
    int table = add_object(graph, ObjectType::table, "t", BoundarySide::pre_data);
    int key = add_object(graph, ObjectType::constraint, "t_pkey", BoundarySide::post_data);
    graph.add_dependency(table, key);
    graph.add_dependency(key, table);
    add_section_boundaries(graph);

    std::vector<std::string> warnings;
    sort_objects(graph, warnings);
    CHECK(warnings.size() == 1);
}
