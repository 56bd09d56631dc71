#include "ddl/text_search_sql.hpp"

#include "ddl/plan_context.hpp"

namespace wiredump::ddl {

namespace {

std::string parser_sql(const std::string& name, const TextSearchRecord& record) {
    std::string sql = "CREATE TEXT SEARCH PARSER " + name + " (\n";
    sql += "    START = " + record.start_function + ",\n";
    sql += "    GETTOKEN = " + record.token_function + ",\n";
    sql += "    END = " + record.end_function + ",\n";
    if (record.headline_function != "-") sql += "    HEADLINE = " + record.headline_function + ",\n";
    sql += "    LEXTYPES = " + record.lextypes_function + " );\n";
    return sql;
}

std::string template_sql(const std::string& name, const TextSearchRecord& record) {
    std::string sql = "CREATE TEXT SEARCH TEMPLATE " + name + " (\n";
    if (record.init_function != "-") sql += "    INIT = " + record.init_function + ",\n";
    sql += "    LEXIZE = " + record.lexize_function + " );\n";
    return sql;
}

std::string dictionary_sql(const PlanContext& context, const std::string& name,
                           const TextSearchRecord& record) {
    std::string sql = "CREATE TEXT SEARCH DICTIONARY " + name + " (\n";
    sql += "    TEMPLATE = " + context.quote(record.referenced_schema) + "." +
           context.quote(record.referenced_name);
    // dictinitoption is already in "name = value, ..." syntax.
    if (record.init_options) sql += ",\n    " + *record.init_options;
    sql += " );\n";
    return sql;
}

// Writes one ALTER statement per token type, listing that type's
// dictionaries in order.
std::string configuration_sql(const PlanContext& context, const std::string& name,
                              const TextSearchRecord& record) {
    std::string sql = "CREATE TEXT SEARCH CONFIGURATION " + name + " (\n";
    sql += "    PARSER = " + context.quote(record.referenced_schema) + "." +
           context.quote(record.referenced_name) + " );\n";

    const std::string* previous_token = nullptr;
    for (const auto& mapping : record.mappings) {
        if (previous_token == nullptr || *previous_token != mapping.token_type) {
            if (previous_token != nullptr) sql += ";\n";
            sql += "\nALTER TEXT SEARCH CONFIGURATION " + name + "\n";
            sql += "    ADD MAPPING FOR " + context.quote(mapping.token_type) + " WITH " +
                   mapping.dictionary;
        } else {
            sql += ", " + mapping.dictionary;
        }
        previous_token = &mapping.token_type;
    }
    if (!record.mappings.empty()) sql += ";\n";
    return sql;
}

}  // namespace

std::string text_search_desc(TextSearchKind kind) {
    switch (kind) {
        case TextSearchKind::parser: return "TEXT SEARCH PARSER";
        case TextSearchKind::template_object: return "TEXT SEARCH TEMPLATE";
        case TextSearchKind::dictionary: return "TEXT SEARCH DICTIONARY";
        case TextSearchKind::configuration: return "TEXT SEARCH CONFIGURATION";
    }
    return "";
}

std::string create_text_search_sql(const PlanContext& context, const TextSearchRecord& record) {
    const std::string name = context.qualify(record.namespace_oid, record.name);
    switch (record.kind) {
        case TextSearchKind::parser: return parser_sql(name, record);
        case TextSearchKind::template_object: return template_sql(name, record);
        case TextSearchKind::dictionary: return dictionary_sql(context, name, record);
        case TextSearchKind::configuration: return configuration_sql(context, name, record);
    }
    return "";
}

std::string drop_text_search_sql(const PlanContext& context, const TextSearchRecord& record) {
    return "DROP " + text_search_desc(record.kind) + " " +
           context.qualify(record.namespace_oid, record.name) + ";\n";
}

}  // namespace wiredump::ddl
