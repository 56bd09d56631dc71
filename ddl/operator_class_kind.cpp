#include "ddl/operator_class_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"

#include <map>
#include <unordered_set>
#include <utility>

namespace wiredump::ddl {

namespace {

constexpr std::uint32_t pg_opclass_oid = 2616;
constexpr std::uint32_t pg_opfamily_oid = 2753;

void build_operator_class_entries(const PlanContext& context, const OperatorClassRecord& record,
                                  std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(record.namespace_oid);
    const std::string owner = context.owner_name(record.owner_oid);
    const std::string desc = operator_class_desc(record);

    PlannedEntry planned = start_object_entry(record.id, record.name, desc,
                                              dumpfmt::Section::pre_data, schema, owner);
    planned.entry.definition = create_operator_class_sql(context, record);
    planned.entry.drop_statement = drop_operator_class_sql(context, record);
    entries.push_back(std::move(planned));

    add_object_comment(context, record.id,
                       {desc, operator_class_comment_name(context, record), schema, owner, {}},
                       entries);
}

}  // namespace

std::error_code OperatorClassKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                        protocol::Diagnostics& diagnostics) {
    const std::vector<std::uint32_t> namespace_oids = context.dumped_namespaces();
    if (namespace_oids.empty()) return {};
    const std::string namespaces = catalog::oid_array_literal(namespace_oids);

    if (auto error = read_classes(runner, namespaces, diagnostics)) return error;
    if (auto error = read_families(runner, namespaces, diagnostics)) return error;

    // Classes and families that belong to an extension are created by its
    // CREATE EXTENSION.
    const auto members = extension_member_oids(context.model);
    for (auto& record : objects_) record.dumped = members.count(record.id.oid) == 0;

    return read_members(runner, diagnostics);
}

std::error_code OperatorClassKind::read_classes(catalog::QueryRunner& runner,
                                                const std::string& namespaces,
                                                protocol::Diagnostics& diagnostics) {
    const std::string sql =
        "SELECT c.tableoid, c.oid, c.opcname, c.opcnamespace, c.opcowner, "
        "c.opcintype::pg_catalog.regtype AS input_type, "
        "c.opckeytype::pg_catalog.regtype AS storage_type, c.opcdefault, c.opcfamily, "
        "f.opfname AS family_name, fn.nspname AS family_schema, a.amname "
        "FROM pg_catalog.pg_opclass c "
        "LEFT JOIN pg_catalog.pg_opfamily f ON f.oid = c.opcfamily "
        "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.opfnamespace "
        "JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod "
        "WHERE c.opcnamespace = ANY (" + namespaces + ") ORDER BY c.oid";
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, sql, "operator classes",
        {"tableoid", "oid", "opcname", "opcnamespace", "opcowner", "input_type", "storage_type",
         "opcdefault", "opcfamily", "family_name", "family_schema", "amname"},
        result, columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        OperatorClassRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        record.namespace_oid = columns.oid(row, 3);
        record.owner_oid = columns.oid(row, 4);
        record.input_type = columns.text(row, 5);
        record.storage_type = columns.text(row, 6);
        record.is_default = columns.boolean(row, 7);
        record.family_name = columns.optional_text(row, 9);
        record.family_schema = columns.optional_text(row, 10);
        record.access_method = columns.text(row, 11);
        objects_.push_back(std::move(record));
        class_families_.push_back(columns.oid(row, 8));
    }
    return {};
}

std::error_code OperatorClassKind::read_families(catalog::QueryRunner& runner,
                                                 const std::string& namespaces,
                                                 protocol::Diagnostics& diagnostics) {
    const std::string sql =
        "SELECT f.tableoid, f.oid, f.opfname, f.opfnamespace, f.opfowner, a.amname "
        "FROM pg_catalog.pg_opfamily f JOIN pg_catalog.pg_am a ON a.oid = f.opfmethod "
        "WHERE f.opfnamespace = ANY (" + namespaces + ") ORDER BY f.oid";
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, sql, "operator families",
        {"tableoid", "oid", "opfname", "opfnamespace", "opfowner", "amname"}, result, columns,
        diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        OperatorClassRecord record;
        record.is_family = true;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        record.namespace_oid = columns.oid(row, 3);
        record.owner_oid = columns.oid(row, 4);
        record.access_method = columns.text(row, 5);
        objects_.push_back(std::move(record));
        class_families_.push_back(0);
    }
    return {};
}

std::error_code OperatorClassKind::read_members(catalog::QueryRunner& runner,
                                                protocol::Diagnostics& diagnostics) {
    // Members are found by the pg_depend row that ties them to their class
    // or family, as pg_dump finds them.
    std::vector<std::uint32_t> owners;
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> by_owner;
    for (std::size_t i = 0; i < objects_.size(); ++i) {
        if (!objects_[i].dumped) continue;
        owners.push_back(objects_[i].id.oid);
        by_owner[{objects_[i].id.catalog_table_oid, objects_[i].id.oid}] = i;
    }
    if (owners.empty()) return {};
    const std::string owner_filter =
        "d.refclassid IN (" + std::to_string(pg_opclass_oid) + ", " +
        std::to_string(pg_opfamily_oid) + ") AND d.refobjid = ANY (" +
        catalog::oid_array_literal(owners) + ")";

    // NOTE: pg_dump orders by strategy or support number only, so members
    // that share a number (possible in a family) may come out in another order.
    const std::string operators_sql =
        "SELECT d.refclassid, d.refobjid, o.amopfamily, o.amopstrategy, "
        "o.amopopr::pg_catalog.regoperator AS operator_name, "
        "sf.opfname AS sort_family_name, sn.nspname AS sort_family_schema "
        "FROM pg_catalog.pg_amop o "
        "JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_amop'::pg_catalog.regclass "
        "AND d.objid = o.oid "
        "LEFT JOIN pg_catalog.pg_opfamily sf ON sf.oid = o.amopsortfamily "
        "LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = sf.opfnamespace "
        "WHERE " + owner_filter + " ORDER BY d.refobjid, o.amopstrategy, o.oid";
    protocol::QueryResult operators;
    catalog::ResultColumns operator_columns;
    std::error_code error =
        catalog::query_catalog_columns(runner, operators_sql, "operator class operators",
                                       {"refclassid", "refobjid", "amopfamily", "amopstrategy",
                                        "operator_name", "sort_family_name", "sort_family_schema"},
                                       operators, operator_columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < operator_columns.row_count(); ++row) {
        auto found = by_owner.find({operator_columns.oid(row, 0), operator_columns.oid(row, 1)});
        if (found == by_owner.end()) continue;
        OperatorClassRecord& record = objects_[found->second];
        // pg_dump keeps only operators of the class's own family, or of the family itself.
        const std::uint32_t family = record.is_family ? record.id.oid : class_families_[found->second];
        if (operator_columns.oid(row, 2) != family) continue;
        record.operators.push_back({operator_columns.text(row, 3), operator_columns.text(row, 4),
                                    operator_columns.optional_text(row, 6),
                                    operator_columns.optional_text(row, 5)});
    }

    const std::string functions_sql =
        "SELECT d.refclassid, d.refobjid, p.amprocnum, "
        "p.amproc::pg_catalog.regprocedure AS function, "
        "p.amproclefttype::pg_catalog.regtype AS left_type, "
        "p.amprocrighttype::pg_catalog.regtype AS right_type "
        "FROM pg_catalog.pg_amproc p "
        "JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass "
        "AND d.objid = p.oid AND d.objsubid = 0 "
        "WHERE " + owner_filter + " ORDER BY d.refobjid, p.amprocnum, p.oid";
    protocol::QueryResult functions;
    catalog::ResultColumns function_columns;
    error = catalog::query_catalog_columns(
        runner, functions_sql, "operator class functions",
        {"refclassid", "refobjid", "amprocnum", "function", "left_type", "right_type"}, functions,
        function_columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < function_columns.row_count(); ++row) {
        auto found = by_owner.find({function_columns.oid(row, 0), function_columns.oid(row, 1)});
        if (found == by_owner.end()) continue;
        objects_[found->second].functions.push_back(
            {function_columns.text(row, 2), function_columns.text(row, 3),
             function_columns.text(row, 4), function_columns.text(row, 5)});
    }
    return {};
}

void OperatorClassKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& record : objects_) {
        DumpObject object;
        object.type = record.is_family ? ObjectType::operator_family : ObjectType::operator_class;
        object.id = record.id;
        object.namespace_name = context.namespace_name(record.namespace_oid);
        object.name = record.name;
        // pg_dump 15.20 writes the classes of one name before the families of that name, each
        // in the order of their access methods' names.
        object.sort_number = record.is_family ? 1 : 0;
        object.sort_strings = {record.access_method};
        object.dumped = record.dumped;
        object.build_entries = [&context, &record](int, std::vector<PlannedEntry>& entries) {
            build_operator_class_entries(context, record, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
