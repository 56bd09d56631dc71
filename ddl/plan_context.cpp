#include "ddl/plan_context.hpp"

#include "catalog/sql_quote.hpp"

namespace wiredump::ddl {

std::string PlanContext::quote(std::string_view identifier) const {
    return catalog::quote_identifier(identifier, model.keywords);
}

std::string PlanContext::literal(std::string_view value) const {
    return catalog::quote_literal(value, options.standard_conforming_strings);
}

std::string PlanContext::namespace_name(std::uint32_t namespace_oid) const {
    const catalog::NamespaceRecord* schema = model.find_namespace(namespace_oid);
    return schema ? schema->name : std::string();
}

std::string PlanContext::qualify(std::uint32_t namespace_oid, std::string_view name) const {
    return quote(namespace_name(namespace_oid)) + "." + quote(name);
}

std::string PlanContext::qualify(const catalog::RelationRecord& relation) const {
    return qualify(relation.namespace_oid, relation.name);
}

std::vector<std::uint32_t> PlanContext::dumped_namespaces() const {
    std::vector<std::uint32_t> oids;
    for (const auto& schema : model.namespaces) {
        if (schema.dumped) oids.push_back(schema.id.oid);
    }
    return oids;
}

bool PlanContext::dumps_pg_catalog() const {
    for (const auto& schema : model.namespaces) {
        if (schema.name == "pg_catalog") return schema.dumped;
    }
    return false;
}

std::vector<std::uint32_t> PlanContext::dumped_relations(std::string_view relkinds) const {
    std::vector<std::uint32_t> oids;
    for (const auto& relation : model.relations) {
        if (relation.dumped && relkinds.find(relation.relkind) != std::string_view::npos) {
            oids.push_back(relation.id.oid);
        }
    }
    return oids;
}

bool PlanContext::dumps_data_of(const catalog::RelationRecord& relation) const {
    const ContentOptions& content = options.content;
    if (!(relation.dumped || relation.extension_config_filter) || content.schema_only) return false;
    if (content.no_unlogged_table_data && relation.persistence == 'u') return false;
    return model.selection.excluded_table_data.count(relation.id.oid) == 0;
}

std::vector<std::uint32_t> PlanContext::sequences_with_values() const {
    std::vector<std::uint32_t> oids;
    for (const auto& relation : model.relations) {
        if (relation.relkind == 'S' && dumps_data_of(relation)) oids.push_back(relation.id.oid);
    }
    return oids;
}

bool PlanContext::dumps_large_objects() const {
    const ContentOptions& content = options.content;
    if (content.schema_only) return false;
    switch (content.large_objects) {
    case LargeObjectChoice::include:
        return true;
    case LargeObjectChoice::exclude:
        return false;
    case LargeObjectChoice::automatic:
        break;
    }
    return model.selection.include_everything;
}

}  // namespace wiredump::ddl
