#include "ddl/type_sql.hpp"

namespace wiredump::ddl {

namespace {

std::string collation_clause(const PlanContext& context, std::uint32_t collation_oid) {
    if (collation_oid == 0) return "";
    auto found = context.model.collation_names.find(collation_oid);
    if (found == context.model.collation_names.end()) return "";
    return " COLLATE " + found->second;
}

std::string qualified(const PlanContext& context, const catalog::TypeRecord& type) {
    return context.qualify(type.namespace_oid, type.name);
}

}  // namespace

std::string create_enum_sql(const PlanContext& context, const catalog::TypeRecord& type) {
    std::string sql = "CREATE TYPE " + qualified(context, type) + " AS ENUM (";
    for (std::size_t i = 0; i < type.enum_labels.size(); ++i) {
        if (i > 0) sql += ",";
        sql += "\n    " + context.literal(type.enum_labels[i]);
    }
    return sql + "\n);\n";
}

std::string create_composite_sql(const PlanContext& context, const catalog::TypeRecord& type) {
    std::string sql = "CREATE TYPE " + qualified(context, type) + " AS (";
    bool first = true;
    for (const auto& column : context.model.table_columns(type.relation_oid)) {
        if (column.is_dropped) continue;
        if (!first) sql += ",";
        first = false;
        sql += "\n\t" + context.quote(column.name) + " " + column.type_name +
               collation_clause(context, column.collation_oid);
    }
    return sql + "\n);\n";
}

std::string create_range_sql(const PlanContext& context, const catalog::TypeRecord& type) {
    std::string sql = "CREATE TYPE " + qualified(context, type) + " AS RANGE (";
    sql += "\n    subtype = " + type.range_subtype;
    if (type.multirange_name) sql += ",\n    multirange_type_name = " + *type.multirange_name;
    if (!type.default_opclass) {
        sql += ",\n    subtype_opclass = " + context.quote(type.opclass_schema) + "." +
               context.quote(type.opclass_name);
    }
    if (type.range_collation != 0) {
        auto found = context.model.collation_names.find(type.range_collation);
        if (found != context.model.collation_names.end()) {
            sql += ",\n    collation = " + found->second;
        }
    }
    if (type.canonical != "-" && !type.canonical.empty()) {
        sql += ",\n    canonical = " + type.canonical;
    }
    if (type.subtype_diff != "-" && !type.subtype_diff.empty()) {
        sql += ",\n    subtype_diff = " + type.subtype_diff;
    }
    return sql + "\n);\n";
}

std::string create_domain_sql(const PlanContext& context, const catalog::TypeRecord& type) {
    std::string sql = "CREATE DOMAIN " + qualified(context, type) + " AS " + type.base_type +
                      collation_clause(context, type.domain_collation);
    if (type.not_null) sql += " NOT NULL";
    if (type.default_expression) {
        sql += " DEFAULT " + *type.default_expression;
    } else if (type.default_literal) {
        sql += " DEFAULT " + context.literal(*type.default_literal);
    }
    for (const auto& check : type.checks) {
        if (check.separate) continue;
        sql += "\n\tCONSTRAINT " + context.quote(check.name) + " " + check.definition;
    }
    return sql + ";\n";
}

std::string add_domain_check_sql(const PlanContext& context, const catalog::TypeRecord& type,
                                 const catalog::DomainCheckRecord& check) {
    return "ALTER DOMAIN " + qualified(context, type) + "\n    ADD CONSTRAINT " +
           context.quote(check.name) + " " + check.definition + ";\n";
}

}  // namespace wiredump::ddl
