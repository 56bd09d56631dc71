#include "ddl/conversion_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"

#include <unordered_set>

namespace wiredump::ddl {

namespace {

std::string conversions_query(const std::vector<std::uint32_t>& namespaces) {
    return "SELECT c.tableoid, c.oid, c.conname, c.connamespace, c.conowner, "
           "pg_catalog.pg_encoding_to_char(c.conforencoding) AS source_encoding, "
           "pg_catalog.pg_encoding_to_char(c.contoencoding) AS target_encoding, "
           "c.conproc, c.condefault "
           "FROM pg_catalog.pg_conversion c WHERE c.connamespace = ANY (" +
           catalog::oid_array_literal(namespaces) + ") ORDER BY c.oid";
}

void build_conversion_entries(const PlanContext& context, const ConversionRecord& record,
                              std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(record.namespace_oid);
    const std::string owner = context.owner_name(record.owner_oid);

    PlannedEntry planned = start_object_entry(record.id, record.name, "CONVERSION",
                                              dumpfmt::Section::pre_data, schema, owner);
    planned.entry.definition = create_conversion_sql(context, record);
    planned.entry.drop_statement = drop_conversion_sql(context, record);
    entries.push_back(std::move(planned));

    add_object_comment(context, record.id,
                       {"CONVERSION", context.quote(record.name), schema, owner, {}}, entries);
}

}  // namespace

std::string create_conversion_sql(const PlanContext& context, const ConversionRecord& record) {
    // The regproc text of the function is already quoted where it must be.
    return std::string("CREATE ") + (record.is_default ? "DEFAULT " : "") + "CONVERSION " +
           context.qualify(record.namespace_oid, record.name) + " FOR " +
           context.literal(record.source_encoding) + " TO " +
           context.literal(record.target_encoding) + " FROM " + record.function + ";\n";
}

std::string drop_conversion_sql(const PlanContext& context, const ConversionRecord& record) {
    return "DROP CONVERSION " + context.qualify(record.namespace_oid, record.name) + ";\n";
}

std::error_code ConversionKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                     protocol::Diagnostics& diagnostics) {
    const std::vector<std::uint32_t> namespaces = context.dumped_namespaces();
    if (namespaces.empty()) return {};

    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, conversions_query(namespaces), "conversions",
        {"tableoid", "oid", "conname", "connamespace", "conowner", "source_encoding",
         "target_encoding", "conproc", "condefault"},
        result, columns, diagnostics);
    if (error) return error;

    // Conversions that belong to an extension are created by its CREATE EXTENSION.
    const std::unordered_set<std::uint32_t> members = extension_member_oids(context.model);

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        ConversionRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        record.namespace_oid = columns.oid(row, 3);
        record.owner_oid = columns.oid(row, 4);
        record.source_encoding = columns.text(row, 5);
        record.target_encoding = columns.text(row, 6);
        record.function = columns.text(row, 7);
        record.is_default = columns.boolean(row, 8);
        record.dumped = members.count(record.id.oid) == 0;
        conversions_.push_back(std::move(record));
    }
    return {};
}

void ConversionKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& record : conversions_) {
        DumpObject object;
        object.type = ObjectType::conversion;
        object.id = record.id;
        object.namespace_name = context.namespace_name(record.namespace_oid);
        object.name = record.name;
        object.dumped = record.dumped;
        object.build_entries = [&context, &record](int, std::vector<PlannedEntry>& entries) {
            build_conversion_entries(context, record, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
