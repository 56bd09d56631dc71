#include "ddl/graph_edges.hpp"
#include "ddl/object_sort.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;

namespace {

int add_object(ObjectGraph& graph, ObjectType type, std::string name, std::uint32_t oid,
               std::string schema = "inv") {
    DumpObject object;
    object.type = type;
    object.name = std::move(name);
    object.namespace_name = std::move(schema);
    object.id = {catalog::pg_class_oid, oid};
    return graph.add(std::move(object));
}

std::vector<std::string> names_in(const ObjectGraph& graph, const std::vector<int>& order) {
    std::vector<std::string> names;
    for (int index : order) names.push_back(graph.at(index).name);
    return names;
}

bool depends_on(const ObjectGraph& graph, int object, int referenced) {
    const auto& dependencies = graph.at(object).dependencies;
    return std::find(dependencies.begin(), dependencies.end(), referenced) != dependencies.end();
}

}  // namespace

TEST_CASE("sort_by_type_and_name orders the keys", "[ddl][sort]") {
    ObjectGraph graph;
    add_object(graph, ObjectType::index, "a_idx", 10);
    add_object(graph, ObjectType::table, "b", 11, "public");
    add_object(graph, ObjectType::table, "b", 12, "inv");
    add_object(graph, ObjectType::table, "a", 13, "inv");
    add_object(graph, ObjectType::namespace_object, "inv", 14);
    int second = add_object(graph, ObjectType::column_default, "a", 16);
    int first = add_object(graph, ObjectType::column_default, "a", 15);
    graph.at(second).sort_number = 2;
    graph.at(first).sort_number = 1;

    auto order = sort_by_type_and_name(graph);
    CHECK(names_in(graph, order) == std::vector<std::string>{"inv", "a", "b", "b", "a", "a", "a_idx"});
    CHECK(graph.at(order[2]).namespace_name == "inv");
    CHECK(order[4] == first);
    CHECK(order[5] == second);
}

TEST_CASE("sort_by_type_and_name puts shell types with types", "[ddl][sort]") {
    CHECK(sort_priority(ObjectType::shell_type) == sort_priority(ObjectType::type));
    CHECK(sort_priority(ObjectType::operator_class) == sort_priority(ObjectType::operator_family));
    CHECK(sort_priority(ObjectType::table) < sort_priority(ObjectType::pre_data_boundary));
    CHECK(sort_priority(ObjectType::post_data_boundary) < sort_priority(ObjectType::constraint));
}

TEST_CASE("topological_sort moves a dependency forward", "[ddl][sort]") {
    ObjectGraph graph;
    int item = add_object(graph, ObjectType::table, "item", 1);
    add_object(graph, ObjectType::table, "orders", 2);
    int sequence = add_object(graph, ObjectType::table, "ticket_seq", 3);
    graph.add_dependency(item, sequence);

    std::vector<int> sorted;
    std::vector<int> unsorted;
    REQUIRE(topological_sort(graph, sort_by_type_and_name(graph), sorted, unsorted));
    CHECK(names_in(graph, sorted) == std::vector<std::string>{"ticket_seq", "item", "orders"});
    CHECK(unsorted.empty());
}

TEST_CASE("topological_sort reports loop members", "[ddl][sort]") {
    ObjectGraph graph;
    int a = add_object(graph, ObjectType::table, "a", 1);
    int b = add_object(graph, ObjectType::table, "b", 2);
    add_object(graph, ObjectType::table, "c", 3);
    graph.add_dependency(a, b);
    graph.add_dependency(b, a);

    std::vector<int> sorted;
    std::vector<int> unsorted;
    CHECK_FALSE(topological_sort(graph, sort_by_type_and_name(graph), sorted, unsorted));
    CHECK(unsorted == std::vector<int>{a, b});
}

TEST_CASE("sort_objects splits out a serial default", "[ddl][sort]") {
    ObjectGraph graph;
    int table = add_object(graph, ObjectType::table, "orders", 1);
    int sequence = add_object(graph, ObjectType::table, "orders_order_id_seq", 2);
    bool separate = false;
    DumpObject column_default;
    column_default.type = ObjectType::column_default;
    column_default.name = "orders";
    column_default.namespace_name = "inv";
    column_default.owning_table = table;
    column_default.make_separate = [&separate](DumpObject&) { separate = true; };
    int default_object = graph.add(std::move(column_default));

    // The table waits for its inline default, the default reads the
    // sequence, and the sequence is owned by the table's column.
    graph.add_dependency(table, default_object);
    graph.add_dependency(default_object, table);
    graph.add_dependency(default_object, sequence);
    graph.add_dependency(sequence, table);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);

    CHECK(separate);
    CHECK(warnings.empty());
    CHECK(names_in(graph, order) ==
          std::vector<std::string>{"orders", "orders_order_id_seq", "orders"});
    CHECK(order.back() == default_object);
    CHECK_FALSE(depends_on(graph, table, default_object));
    CHECK(depends_on(graph, default_object, table));
}

TEST_CASE("sort_objects keeps a plain default inline", "[ddl][sort]") {
    ObjectGraph graph;
    int table = add_object(graph, ObjectType::table, "item", 1);
    bool separate = false;
    DumpObject column_default;
    column_default.type = ObjectType::column_default;
    column_default.name = "item";
    column_default.owning_table = table;
    column_default.make_separate = [&separate](DumpObject&) { separate = true; };
    int default_object = graph.add(std::move(column_default));
    graph.add_dependency(table, default_object);
    graph.add_dependency(default_object, table);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);

    CHECK_FALSE(separate);
    CHECK(warnings.empty());
    CHECK(order == std::vector<int>{default_object, table});
    CHECK_FALSE(depends_on(graph, default_object, table));
}

TEST_CASE("sort_objects moves a split check after data", "[ddl][sort]") {
    ObjectGraph graph;
    int table = add_object(graph, ObjectType::table, "t", 1);
    int other = add_object(graph, ObjectType::table, "u", 2);
    DumpObject check;
    check.type = ObjectType::constraint;
    check.name = "t_check";
    check.owning_table = table;
    check.boundary = BoundarySide::none;
    check.make_separate = [](DumpObject& self) { self.boundary = BoundarySide::post_data; };
    int check_object = graph.add(std::move(check));
    graph.add_dependency(table, check_object);
    graph.add_dependency(check_object, other);
    graph.add_dependency(other, table);
    add_section_boundaries(graph);

    std::vector<std::string> warnings;
    sort_objects(graph, warnings);

    CHECK(warnings.empty());
    CHECK(graph.at(check_object).boundary == BoundarySide::post_data);
    CHECK(depends_on(graph, check_object, graph.post_data_boundary));
}

TEST_CASE("sort_objects drops a self dependency", "[ddl][sort]") {
    ObjectGraph graph;
    int table = add_object(graph, ObjectType::table, "t", 1);
    graph.add_dependency(table, table);

    std::vector<std::string> warnings;
    CHECK(sort_objects(graph, warnings) == std::vector<int>{table});
    CHECK(warnings.empty());
}

TEST_CASE("sort_objects warns on an unknown loop", "[ddl][sort]") {
    ObjectGraph graph;
    int a = add_object(graph, ObjectType::table, "a", 1);
    int b = add_object(graph, ObjectType::table, "b", 2);
    graph.add_dependency(a, b);
    graph.add_dependency(b, a);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);

    CHECK(order.size() == 2);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("could not resolve dependency loop") == 0);
    CHECK(warnings[0].find("inv.a") != std::string::npos);
}

namespace {

// A base type "money2" with its shell type and an input function, which
// depend on each other as pg_depend records them. Returns the three indexes.
struct TypeWithShell {
    int type;
    int shell;
    int input;
};

TypeWithShell add_type_with_shell(ObjectGraph& graph) {
    int type = add_object(graph, ObjectType::type, "money2", 20);
    int shell = add_object(graph, ObjectType::shell_type, "money2", 0);
    graph.at(shell).dumped = false;
    graph.at(type).shell_type = shell;
    int input = add_object(graph, ObjectType::function, "money2_in", 21);
    graph.add_dependency(type, input);
    graph.add_dependency(input, type);
    return {type, shell, input};
}

}  // namespace

TEST_CASE("type function loop uses shell type", "[ddl][sort]") {
    ObjectGraph graph;
    auto [type, shell, input] = add_type_with_shell(graph);
    int output = add_object(graph, ObjectType::function, "money2_out", 22);
    graph.add_dependency(type, output);
    graph.add_dependency(output, type);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);

    CHECK(order == std::vector<int>{shell, input, output, type});
    CHECK(warnings.empty());
    CHECK(graph.at(shell).dumped);
    CHECK(depends_on(graph, input, shell));
    CHECK(depends_on(graph, output, shell));
    CHECK_FALSE(depends_on(graph, output, type));
    CHECK(depends_on(graph, type, output));
}

TEST_CASE("shell type skipped for undumped function", "[ddl][sort]") {
    ObjectGraph graph;
    auto [type, shell, input] = add_type_with_shell(graph);
    graph.at(input).dumped = false;

    std::vector<std::string> warnings;
    sort_objects(graph, warnings);

    CHECK(warnings.empty());
    CHECK_FALSE(graph.at(shell).dumped);
    CHECK_FALSE(depends_on(graph, input, type));
}

TEST_CASE("add_section_boundaries links the sections", "[ddl][sort]") {
    ObjectGraph graph;
    int table = add_object(graph, ObjectType::table, "t", 1);
    DumpObject data;
    data.type = ObjectType::table_data;
    data.boundary = BoundarySide::data;
    int data_object = graph.add(std::move(data));
    DumpObject index;
    index.type = ObjectType::index;
    index.boundary = BoundarySide::post_data;
    int index_object = graph.add(std::move(index));
    add_section_boundaries(graph);

    CHECK(depends_on(graph, graph.pre_data_boundary, table));
    CHECK(depends_on(graph, data_object, graph.pre_data_boundary));
    CHECK(depends_on(graph, graph.post_data_boundary, data_object));
    CHECK(depends_on(graph, index_object, graph.post_data_boundary));
}

TEST_CASE("table data foreign key cycle", "[ddl][sort]") {
    // player sorts first by name, but team has the lower OID, so pg_dump 15
    // breaks the loop at team and loads team's rows first.
    ObjectGraph graph;
    int player = add_object(graph, ObjectType::table_data, "player", 20, "public");
    int team = add_object(graph, ObjectType::table_data, "team", 10, "public");
    graph.add_dependency(player, team);
    graph.add_dependency(team, player);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);
    CHECK(names_in(graph, order) == std::vector<std::string>{"team", "player"});
    CHECK_FALSE(depends_on(graph, team, player));
    CHECK(depends_on(graph, player, team));
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("circular foreign-key constraints among these tables: team player") !=
          std::string::npos);
}

TEST_CASE("table data self reference", "[ddl][sort]") {
    ObjectGraph graph;
    int node = add_object(graph, ObjectType::table_data, "node", 10, "public");
    graph.add_dependency(node, node);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);
    CHECK(order.size() == 1);
    CHECK_FALSE(depends_on(graph, node, node));
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("circular foreign-key constraints on this table: node") != std::string::npos);
}

namespace {

// Names of the dumped objects in `order`: the tables that reach the archive.
std::vector<std::string> dumped_names_in(const ObjectGraph& graph, const std::vector<int>& order) {
    std::vector<std::string> names;
    for (int index : order) {
        if (graph.at(index).dumped) names.push_back(graph.at(index).name);
    }
    return names;
}

// Adds a view that is not dumped and its ON SELECT rule, which reads `table`.
// The edges are pg_dump 15's: the view waits for its rule, and pg_depend
// records the rule as part of the view and as reading the table.
void add_skipped_view(ObjectGraph& graph, std::string name, std::uint32_t oid, int table) {
    int view = add_object(graph, ObjectType::table, name, oid);
    graph.at(view).dumped = false;
    int rule = add_object(graph, ObjectType::rule, "_RETURN", oid + 1);
    graph.at(rule).dumped = false;
    graph.at(rule).boundary = BoundarySide::none;
    graph.at(rule).owning_table = view;
    graph.add_dependency(view, rule);
    graph.add_dependency(rule, view);
    graph.add_dependency(rule, table);
}

}  // namespace

TEST_CASE("skipped view moves its table forward", "[ddl][sort]") {
    // With -t, pg_dump 15 writes z_table before m_table. The view a_view is
    // not dumped, but it sorts first by name and pulls the table it reads
    // ahead of it.
    ObjectGraph graph;
    add_object(graph, ObjectType::table, "m_table", 10);
    int z_table = add_object(graph, ObjectType::table, "z_table", 11);
    add_skipped_view(graph, "a_view", 12, z_table);
    add_section_boundaries(graph);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);
    CHECK(dumped_names_in(graph, order) == std::vector<std::string>{"z_table", "m_table"});
    CHECK(warnings.empty());
}

TEST_CASE("skipped view after its table keeps name order", "[ddl][sort]") {
    ObjectGraph graph;
    int a_table = add_object(graph, ObjectType::table, "a_table", 10);
    add_object(graph, ObjectType::table, "m_table", 11);
    add_skipped_view(graph, "z_view", 12, a_table);
    add_section_boundaries(graph);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);
    CHECK(dumped_names_in(graph, order) == std::vector<std::string>{"a_table", "m_table"});
    CHECK(warnings.empty());
}

TEST_CASE("skipped view without its rule keeps name order", "[ddl][sort]") {
    // Without the ON SELECT rule, nothing ties the view to the table it reads.
    ObjectGraph graph;
    add_object(graph, ObjectType::table, "m_table", 10);
    add_object(graph, ObjectType::table, "z_table", 11);
    int view = add_object(graph, ObjectType::table, "a_view", 12);
    graph.at(view).dumped = false;
    add_section_boundaries(graph);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);
    CHECK(dumped_names_in(graph, order) == std::vector<std::string>{"m_table", "z_table"});
}

TEST_CASE("skipped function moves its table forward", "[ddl][sort]") {
    // With -t, pg_dump 15 writes z_table before m_table when a function that
    // is not dumped returns SETOF z_table. Functions sort before tables, and
    // the function waits for the table's row type, which waits for the table.
    ObjectGraph graph;
    add_object(graph, ObjectType::table, "m_table", 10);
    int z_table = add_object(graph, ObjectType::table, "z_table", 11);
    int row_type = add_object(graph, ObjectType::dummy_type, "z_table", 12);
    graph.at(row_type).dumped = false;
    int function = add_object(graph, ObjectType::function, "all_z", 13, "other");
    graph.at(function).dumped = false;
    graph.add_dependency(row_type, z_table);
    graph.add_dependency(function, row_type);
    add_section_boundaries(graph);

    std::vector<std::string> warnings;
    auto order = sort_objects(graph, warnings);
    CHECK(dumped_names_in(graph, order) == std::vector<std::string>{"z_table", "m_table"});
    CHECK(warnings.empty());
}
