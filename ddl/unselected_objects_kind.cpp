#include "ddl/unselected_objects_kind.hpp"

#include "catalog/function_records.hpp"
#include "catalog/result_columns.hpp"
#include "ddl/routine_sort_keys.hpp"

#include <unordered_set>

namespace wiredump::ddl {

namespace {

// The functions and aggregates that pg_dump 15's getFuncs and getAggregates
// read, leaving out functions that another object owns internally.
std::string routines_query(const std::vector<std::uint32_t>& namespaces) {
    return "SELECT p.tableoid, p.oid, p.proname, p.pronamespace, p.prokind, " +
           catalog::argument_type_array("tn.nspname") + " AS argschemas, " +
           catalog::argument_type_array("ty.typname") + " AS argtypenames "
           "FROM pg_catalog.pg_proc p "
           "WHERE p.pronamespace = ANY (" + catalog::oid_array_literal(namespaces) + ") "
           "AND (p.prokind = 'a' OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
           "WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
           "AND d.objid = p.oid AND d.deptype = 'i')) "
           "ORDER BY p.oid";
}

std::string types_query(const std::vector<std::uint32_t>& namespaces) {
    return "SELECT t.tableoid, t.oid, t.typname, t.typnamespace, "
           "CASE WHEN c.relkind = 'c' THEN t.typrelid ELSE 0 END AS composite_relation, "
           "(t.typrelid <> 0 AND c.relkind <> 'c') OR t.typtype = 'm' OR "
           "(t.typelem <> 0 AND t.typlen = -1) AS dummy "
           "FROM pg_catalog.pg_type t "
           "LEFT JOIN pg_catalog.pg_class c ON (c.oid = t.typrelid) "
           "WHERE t.typtype <> 'p' "
           "AND t.typnamespace = ANY (" + catalog::oid_array_literal(namespaces) + ") "
           "ORDER BY t.oid";
}

}  // namespace

std::error_code UnselectedObjectsKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                            protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> namespaces;
    for (const auto& schema : context.model.namespaces) {
        if (!schema.dumped && schema.name != "pg_catalog") namespaces.push_back(schema.id.oid);
    }
    if (namespaces.empty()) return {};

    // Extension members stay out, because add_catalog_dependencies() adds a
    // placeholder for each of them.
    std::unordered_set<std::uint32_t> members;
    for (const auto& member : context.model.extension_members) members.insert(member.member.oid);

    if (auto error = read_routines(runner, namespaces, members, diagnostics)) return error;
    return read_types(runner, namespaces, members, diagnostics);
}

std::error_code UnselectedObjectsKind::read_routines(
    catalog::QueryRunner& runner, const std::vector<std::uint32_t>& namespaces,
    const std::unordered_set<std::uint32_t>& members, protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    if (auto error = catalog::query_catalog_columns(
            runner, routines_query(namespaces), "functions of schemas that are not dumped",
            {"tableoid", "oid", "proname", "pronamespace", "prokind", "argschemas",
             "argtypenames"},
            result, columns, diagnostics)) {
        return error;
    }

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        if (members.count(columns.oid(row, 1)) != 0) continue;
        routines_.push_back({{columns.oid(row, 0), columns.oid(row, 1)},
                             columns.text(row, 2),
                             columns.oid(row, 3),
                             columns.text(row, 4) == "a",
                             catalog::parse_text_array(columns.text(row, 5)),
                             catalog::parse_text_array(columns.text(row, 6))});
    }
    return {};
}

std::error_code UnselectedObjectsKind::read_types(
    catalog::QueryRunner& runner, const std::vector<std::uint32_t>& namespaces,
    const std::unordered_set<std::uint32_t>& members, protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    if (auto error = catalog::query_catalog_columns(
            runner, types_query(namespaces), "types of schemas that are not dumped",
            {"tableoid", "oid", "typname", "typnamespace", "composite_relation", "dummy"}, result,
            columns, diagnostics)) {
        return error;
    }

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        if (members.count(columns.oid(row, 1)) != 0) continue;
        types_.push_back({{columns.oid(row, 0), columns.oid(row, 1)},
                          columns.text(row, 2),
                          columns.oid(row, 3),
                          columns.boolean(row, 5),
                          columns.oid(row, 4)});
    }
    return {};
}

void UnselectedObjectsKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& routine : routines_) {
        DumpObject object;
        object.type = routine.is_aggregate ? ObjectType::aggregate : ObjectType::function;
        object.id = routine.id;
        object.namespace_name = context.namespace_name(routine.namespace_oid);
        object.name = routine.name;
        object.dumped = false;
        set_routine_sort_keys(object, routine.argument_type_schemas, routine.argument_type_names);
        graph.add(std::move(object));
    }

    for (const auto& type : types_) add_type(context, graph, type);
}

void UnselectedObjectsKind::add_type(const PlanContext& context, ObjectGraph& graph,
                                     const TypeKeys& type) {
    DumpObject object;
    object.type = type.is_dummy ? ObjectType::dummy_type : ObjectType::type;
    object.id = type.id;
    object.namespace_name = context.namespace_name(type.namespace_oid);
    object.name = type.name;
    object.dumped = false;
    graph.add(std::move(object));

    // pg_depend records a composite type's column types against its
    // relation, so the relation passes them on, as in TypeKind.
    const catalog::CatalogId relation_id{catalog::pg_class_oid, type.composite_relation_oid};
    if (type.composite_relation_oid == 0 || graph.find(relation_id) >= 0) return;

    DumpObject relation;
    relation.type = ObjectType::table;
    relation.id = relation_id;
    relation.namespace_name = context.namespace_name(type.namespace_oid);
    relation.name = type.name;
    relation.dumped = false;
    relation.boundary = BoundarySide::none;
    graph.add(std::move(relation));
}

}  // namespace wiredump::ddl
