#include "ddl/type_sql.hpp"

#include <utility>

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

std::string create_base_sql(const PlanContext& context, const catalog::TypeRecord& type) {
    const catalog::BaseTypeDetails& base = type.base;
    std::string sql = "CREATE TYPE " + qualified(context, type) + " (\n    INTERNALLENGTH = ";
    sql += base.length == -1 ? std::string("variable") : std::to_string(base.length);

    // regproc text needs no further quoting. "-" marks an unset optional function.
    sql += ",\n    INPUT = " + base.input;
    sql += ",\n    OUTPUT = " + base.output;
    const std::pair<const char*, const std::string*> optional_functions[] = {
        {"RECEIVE", &base.receive},         {"SEND", &base.send},
        {"TYPMOD_IN", &base.modifier_input}, {"TYPMOD_OUT", &base.modifier_output},
        {"ANALYZE", &base.analyze},
    };
    for (const auto& [keyword, function] : optional_functions) {
        if (*function == "-" || function->empty()) continue;
        sql += ",\n    " + std::string(keyword) + " = " + *function;
    }

    if (base.collatable) sql += ",\n    COLLATABLE = true";
    if (type.default_expression) {
        sql += ",\n    DEFAULT = " + *type.default_expression;
    } else if (type.default_literal) {
        sql += ",\n    DEFAULT = " + context.literal(*type.default_literal);
    }
    // pg_dump 15 writes SUBSCRIPT here, not with the other functions.
    if (base.subscript != "-" && !base.subscript.empty()) {
        sql += ",\n    SUBSCRIPT = " + base.subscript;
    }
    if (base.element) sql += ",\n    ELEMENT = " + *base.element;
    if (base.category != 'U') {
        sql += ",\n    CATEGORY = " + context.literal(std::string(1, base.category));
    }
    if (base.preferred) sql += ",\n    PREFERRED = true";
    if (base.delimiter != ",") sql += ",\n    DELIMITER = " + context.literal(base.delimiter);

    switch (base.alignment) {
    case 'c': sql += ",\n    ALIGNMENT = char"; break;
    case 's': sql += ",\n    ALIGNMENT = int2"; break;
    case 'i': sql += ",\n    ALIGNMENT = int4"; break;
    case 'd': sql += ",\n    ALIGNMENT = double"; break;
    default: break;
    }
    switch (base.storage) {
    case 'p': sql += ",\n    STORAGE = plain"; break;
    case 'e': sql += ",\n    STORAGE = external"; break;
    case 'x': sql += ",\n    STORAGE = extended"; break;
    case 'm': sql += ",\n    STORAGE = main"; break;
    default: break;
    }
    if (base.by_value) sql += ",\n    PASSEDBYVALUE";
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
