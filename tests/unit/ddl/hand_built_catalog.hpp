#pragma once

#include "ddl/plan_context.hpp"

#include <string>
#include <vector>

// Builders for hand-made catalog records, so SQL generation can be tested
// without a server.
namespace wiredump::ddl::testing {

inline constexpr std::uint32_t schema_oid = 16500;
inline constexpr std::uint32_t owner_oid = 16400;

inline PlanContext make_context() {
    PlanContext context;
    context.options.server_version_num = 150020;
    context.options.client_encoding = "UTF8";
    context.model.server_version_num = 150020;
    context.model.keywords.add("select");
    context.model.keywords.add("user");
    context.model.role_names[owner_oid] = "app_owner";

    catalog::NamespaceRecord schema;
    schema.id = {catalog::pg_namespace_oid, schema_oid};
    schema.name = "inv";
    schema.owner_oid = owner_oid;
    schema.dumped = true;
    context.model.namespaces.push_back(schema);
    return context;
}

inline catalog::RelationRecord& add_table(PlanContext& context, std::uint32_t oid, std::string name,
                                          char relkind = 'r') {
    catalog::RelationRecord relation;
    relation.id = {catalog::pg_class_oid, oid};
    relation.name = std::move(name);
    relation.namespace_oid = schema_oid;
    relation.owner_oid = owner_oid;
    relation.relkind = relkind;
    relation.access_method = relkind == 'r' ? "heap" : "";
    relation.dumped = true;
    context.model.relation_index[oid] = context.model.relations.size();
    context.model.relations.push_back(relation);
    return context.model.relations.back();
}

inline catalog::ColumnRecord& add_column(PlanContext& context, std::uint32_t table_oid,
                                         std::string name, std::string type_name) {
    auto& columns = context.model.columns[table_oid];
    catalog::ColumnRecord column;
    column.number = static_cast<std::int64_t>(columns.size()) + 1;
    column.name = std::move(name);
    column.type_name = std::move(type_name);
    column.storage = 'p';
    column.type_storage = 'p';
    columns.push_back(column);
    return columns.back();
}

}  // namespace wiredump::ddl::testing
