#include "ddl/operator_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"

#include <unordered_set>

namespace wiredump::ddl {

namespace {

// An operator reference as pg_dump's getFormattedOperatorName writes it.
std::string operator_reference_column(const std::string& oid_column, const std::string& alias) {
    return "(SELECT 'OPERATOR(' || pg_catalog.quote_ident(rn.nspname) || '.' || r.oprname || ')' "
           "FROM pg_catalog.pg_operator r JOIN pg_catalog.pg_namespace rn "
           "ON rn.oid = r.oprnamespace WHERE r.oid = " +
           oid_column + ") AS " + alias;
}

std::string operators_query(const std::vector<std::uint32_t>& namespaces) {
    return "SELECT o.tableoid, o.oid, o.oprname, o.oprnamespace, o.oprowner, o.oprkind, "
           "o.oprcode::pg_catalog.regprocedure AS function, "
           "o.oprleft::pg_catalog.regtype AS left_type, "
           "o.oprright::pg_catalog.regtype AS right_type, " +
           operator_reference_column("o.oprcom", "commutator") + ", " +
           operator_reference_column("o.oprnegate", "negator") +
           ", o.oprcanmerge, o.oprcanhash, "
           "o.oprrest::pg_catalog.regprocedure AS restrict_function, "
           "o.oprjoin::pg_catalog.regprocedure AS join_function, "
           "ln.nspname AS left_schema, l.typname AS left_typname, "
           "rn.nspname AS right_schema, r.typname AS right_typname "
           "FROM pg_catalog.pg_operator o "
           "LEFT JOIN pg_catalog.pg_type l ON l.oid = o.oprleft "
           "LEFT JOIN pg_catalog.pg_namespace ln ON ln.oid = l.typnamespace "
           "LEFT JOIN pg_catalog.pg_type r ON r.oid = o.oprright "
           "LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.typnamespace "
           "WHERE o.oprcode <> 0 AND o.oprnamespace = ANY (" +
           catalog::oid_array_literal(namespaces) + ") ORDER BY o.oid";
}

void build_operator_entries(const PlanContext& context, const OperatorRecord& record,
                            std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(record.namespace_oid);
    const std::string owner = context.owner_name(record.owner_oid);

    PlannedEntry planned = start_object_entry(record.id, record.name, "OPERATOR",
                                              dumpfmt::Section::pre_data, schema, owner);
    planned.entry.definition = create_operator_sql(context, record);
    planned.entry.drop_statement = drop_operator_sql(context, record);
    entries.push_back(std::move(planned));

    add_object_comment(context, record.id,
                       {"OPERATOR", operator_signature(record), schema, owner, {}}, entries);
}

}  // namespace

std::error_code OperatorKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                   protocol::Diagnostics& diagnostics) {
    const std::vector<std::uint32_t> namespaces = context.dumped_namespaces();
    if (namespaces.empty()) return {};

    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, operators_query(namespaces), "operators",
        {"tableoid", "oid", "oprname", "oprnamespace", "oprowner", "oprkind", "function",
         "left_type", "right_type", "commutator", "negator", "oprcanmerge", "oprcanhash",
         "restrict_function", "join_function", "left_schema", "left_typname", "right_schema",
         "right_typname"},
        result, columns, diagnostics);
    if (error) return error;

    // Operators that belong to an extension are created by its CREATE EXTENSION.
    const std::unordered_set<std::uint32_t> members = extension_member_oids(context.model);

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        OperatorRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        record.namespace_oid = columns.oid(row, 3);
        record.owner_oid = columns.oid(row, 4);
        const std::string kind = columns.text(row, 5);
        record.kind = kind.empty() ? 'b' : kind.front();
        record.function = columns.text(row, 6);
        record.left_type = columns.text(row, 7);
        record.right_type = columns.text(row, 8);
        record.commutator = columns.optional_text(row, 9);
        record.negator = columns.optional_text(row, 10);
        record.merges = columns.boolean(row, 11);
        record.hashes = columns.boolean(row, 12);
        record.restrict_function = columns.text(row, 13);
        record.join_function = columns.text(row, 14);
        for (std::size_t column = 15; column < 19; ++column) {
            record.argument_sort_names.push_back(columns.text(row, column));
        }
        record.dumped = members.count(record.id.oid) == 0;
        operators_.push_back(std::move(record));
    }
    return {};
}

void OperatorKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& record : operators_) {
        DumpObject object;
        object.type = ObjectType::operator_object;
        object.id = record.id;
        object.namespace_name = context.namespace_name(record.namespace_oid);
        object.name = record.name;
        object.dumped = record.dumped;
        // pg_dump 15.20 writes a prefix operator before an infix one of the
        // same name even when its OID is higher, so sort by descending oprkind.
        // Operators of one kind follow their argument types' schemas and names.
        object.sort_number = -static_cast<std::int64_t>(record.kind);
        object.sort_strings = record.argument_sort_names;
        object.build_entries = [&context, &record](int, std::vector<PlannedEntry>& entries) {
            build_operator_entries(context, record, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
