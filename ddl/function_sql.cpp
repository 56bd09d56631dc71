#include "ddl/function_sql.hpp"

#include <array>
#include <cctype>

namespace wiredump::ddl {

namespace {

// Settings whose values the server stores as a quoted list; pg_dump 15's
// variable_is_guc_list_quote names the same ones.
bool is_list_setting(std::string_view name) {
    static constexpr std::array<std::string_view, 6> names{
        "local_preload_libraries", "search_path",    "session_preload_libraries",
        "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories"};
    for (std::string_view known : names) {
        if (known.size() != name.size()) continue;
        bool equal = true;
        for (std::size_t i = 0; i < name.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(name[i])) != known[i]) equal = false;
        }
        if (equal) return true;
    }
    return false;
}

// Splits a list setting's stored value (identifiers separated by commas,
// double-quoted where needed) into its elements.
std::vector<std::string> split_setting_list(std::string_view value) {
    std::vector<std::string> elements;
    std::size_t i = 0;
    auto skip_spaces = [&] {
        while (i < value.size() && std::isspace(static_cast<unsigned char>(value[i]))) ++i;
    };
    skip_spaces();
    while (i < value.size()) {
        std::string element;
        if (value[i] == '"') {
            ++i;
            while (i < value.size()) {
                if (value[i] == '"') {
                    if (i + 1 < value.size() && value[i + 1] == '"') {
                        element.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                element.push_back(value[i++]);
            }
        } else {
            while (i < value.size() && value[i] != ',' &&
                   !std::isspace(static_cast<unsigned char>(value[i]))) {
                element.push_back(value[i++]);
            }
        }
        elements.push_back(std::move(element));
        skip_spaces();
        if (i < value.size() && value[i] == ',') ++i;
        skip_spaces();
    }
    return elements;
}

std::string set_clause(const PlanContext& context, const std::string& item) {
    std::size_t equals = item.find('=');
    if (equals == std::string::npos) return "";
    std::string name = item.substr(0, equals);
    std::string value = item.substr(equals + 1);

    std::string clause = "\n    SET " + context.quote(name) + " TO ";
    if (!is_list_setting(name)) return clause + context.literal(value);

    std::vector<std::string> elements = split_setting_list(value);
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) clause += ", ";
        clause += context.literal(elements[i]);
    }
    return clause;
}

// The part after the attributes: the SQL-standard body, or AS with the
// source (and for C functions the library file).
std::string body_clause(const PlanContext& context, const catalog::FunctionRecord& function) {
    if (function.sql_body) return *function.sql_body;
    if (function.binary.empty()) return "AS " + dollar_quote(function.source);

    std::string clause = "AS " + context.literal(function.binary);
    if (!function.source.empty()) {
        bool plain = function.source.find_first_of("'\\") == std::string::npos;
        clause += ", " + (plain ? context.literal(function.source) : dollar_quote(function.source));
    }
    return clause;
}

std::string attribute_clauses(const catalog::FunctionRecord& function) {
    std::string text;
    if (!function.transform_types.empty()) text += " TRANSFORM " + function.transform_types;
    if (function.kind == 'w') text += " WINDOW";
    if (function.volatility == 'i') text += " IMMUTABLE";
    if (function.volatility == 's') text += " STABLE";
    if (function.strict) text += " STRICT";
    if (function.security_definer) text += " SECURITY DEFINER";
    if (function.leakproof) text += " LEAKPROOF";

    // COST and ROWS only when they differ from CREATE FUNCTION's defaults:
    // cost 1 for C and internal functions and 100 for the rest, 1000 rows.
    bool native = function.language == "internal" || function.language == "c";
    if (function.cost != "0" && function.cost != (native ? "1" : "100")) {
        text += " COST " + function.cost;
    }
    if (function.returns_set && function.rows != "0" && function.rows != "1000") {
        text += " ROWS " + function.rows;
    }
    if (function.support != "-" && !function.support.empty()) {
        text += " SUPPORT " + function.support;
    }
    if (function.parallel == 's') text += " PARALLEL SAFE";
    if (function.parallel == 'r') text += " PARALLEL RESTRICTED";
    return text;
}

}  // namespace

std::string dollar_quote(std::string_view text) {
    static constexpr std::string_view suffixes = "_XXXXXXX";
    std::string delimiter = "$";
    std::size_t next = 0;
    while (text.find(delimiter) != std::string_view::npos) {
        delimiter.push_back(suffixes[next]);
        next = (next + 1) % suffixes.size();
    }
    delimiter.push_back('$');
    return delimiter + std::string(text) + delimiter;
}

std::string function_keyword(const catalog::FunctionRecord& function) {
    return function.kind == 'p' ? "PROCEDURE" : "FUNCTION";
}

std::string function_signature(const PlanContext& context,
                               const catalog::FunctionRecord& function) {
    return context.quote(function.name) + "(" + function.identity_arguments + ")";
}

std::string function_tag(const catalog::FunctionRecord& function) {
    std::string tag = function.name + "(";
    for (std::size_t i = 0; i < function.argument_types.size(); ++i) {
        if (i > 0) tag += ", ";
        tag += function.argument_types[i];
    }
    return tag + ")";
}

std::string create_function_sql(const PlanContext& context,
                                const catalog::FunctionRecord& function) {
    std::string sql = "CREATE " + function_keyword(function) + " " +
                      context.quote(context.namespace_name(function.namespace_oid)) + "." +
                      context.quote(function.name) + "(" + function.arguments + ")";
    if (function.kind != 'p' && function.result) sql += " RETURNS " + *function.result;

    sql += "\n    LANGUAGE " + context.quote(function.language);
    sql += attribute_clauses(function);
    for (const std::string& item : function.config) sql += set_clause(context, item);
    sql += "\n    " + body_clause(context, function) + ";\n";
    return sql;
}

}  // namespace wiredump::ddl
