#include "ddl/collation_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"

#include <unordered_set>

namespace wiredump::ddl {

namespace {

// The column that contains an ICU collation's locale, by server version.
std::string icu_locale_column(int server_version_num) {
    if (server_version_num >= 170000) return "c.colllocale";
    if (server_version_num >= 150000) return "c.colliculocale";
    return "NULL::pg_catalog.text";
}

std::string collations_query(int server_version_num, const std::vector<std::uint32_t>& namespaces) {
    const char* icu_rules = server_version_num >= 160000 ? "c.collicurules"
                                                         : "NULL::pg_catalog.text AS collicurules";
    return "SELECT c.tableoid, c.oid, c.collname, c.collnamespace, c.collowner, c.collprovider, "
           "c.collisdeterministic, " +
           icu_locale_column(server_version_num) +
           " AS icu_locale, c.collcollate, c.collctype, " + icu_rules +
           " "
           "FROM pg_catalog.pg_collation c "
           "WHERE c.collnamespace = ANY (" +
           catalog::oid_array_literal(namespaces) + ") ORDER BY c.oid";
}

void build_collation_entries(const PlanContext& context, const CollationRecord& collation,
                             std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(collation.namespace_oid);
    const std::string owner = context.owner_name(collation.owner_oid);

    PlannedEntry planned = start_object_entry(collation.id, collation.name, "COLLATION",
                                              dumpfmt::Section::pre_data, schema, owner);
    planned.entry.definition = create_collation_sql(context, collation);
    planned.entry.drop_statement = drop_collation_sql(context, collation);
    entries.push_back(std::move(planned));

    add_object_comment(context, collation.id,
                       {"COLLATION", context.quote(collation.name), schema, owner, {}}, entries);
}

}  // namespace

std::error_code CollationKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                    protocol::Diagnostics& diagnostics) {
    const std::vector<std::uint32_t> namespaces = context.dumped_namespaces();
    if (namespaces.empty()) return {};

    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, collations_query(context.options.server_version_num, namespaces), "collations",
        {"tableoid", "oid", "collname", "collnamespace", "collowner", "collprovider",
         "collisdeterministic", "icu_locale", "collcollate", "collctype", "collicurules"},
        result, columns, diagnostics);
    if (error) return error;

    // Collations that belong to an extension are created by its CREATE EXTENSION.
    const std::unordered_set<std::uint32_t> members = extension_member_oids(context.model);

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        CollationRecord collation;
        collation.id = {columns.oid(row, 0), columns.oid(row, 1)};
        collation.name = columns.text(row, 2);
        collation.namespace_oid = columns.oid(row, 3);
        collation.owner_oid = columns.oid(row, 4);
        const std::string provider = columns.text(row, 5);
        collation.provider = provider.empty() ? 'c' : provider.front();
        collation.deterministic = columns.text(row, 6) != "f";
        collation.icu_locale = columns.optional_text(row, 7);
        collation.lc_collate = columns.optional_text(row, 8);
        collation.lc_ctype = columns.optional_text(row, 9);
        collation.icu_rules = columns.optional_text(row, 10);
        collation.dumped = members.count(collation.id.oid) == 0;
        collations_.push_back(std::move(collation));
    }
    return {};
}

void CollationKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& collation : collations_) {
        DumpObject object;
        object.type = ObjectType::collation;
        object.id = collation.id;
        object.namespace_name = context.namespace_name(collation.namespace_oid);
        object.name = collation.name;
        object.dumped = collation.dumped;
        object.build_entries = [&context, &collation](int, std::vector<PlannedEntry>& entries) {
            build_collation_entries(context, collation, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
