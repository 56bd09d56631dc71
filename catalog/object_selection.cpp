#include "catalog/object_selection.hpp"

#include "catalog/errc.hpp"
#include "catalog/name_pattern.hpp"
#include "catalog/result_columns.hpp"

namespace wiredump::catalog {

namespace {

// The query, the matched columns and the words of pg_dump's messages for one
// kind of pattern.
struct PatternKind {
    std::string_view select_sql;     // ends where the pattern's conditions start
    bool has_where = false;          // select_sql already has a WHERE clause
    std::string_view name_column;
    std::string_view schema_column;  // "" when the names are not schema-qualified
    std::string_view visibility_rule;
    std::string_view plural;         // "schemas", as in "no matching schemas were found"
    // pg_dump accepts a leading database name (the current one) in schema
    // and table patterns, but no dot at all in extension and server patterns.
    bool allows_database_part = true;
    std::string_view result_column = "oid";
};

// The set that a pattern query's rows go into: OIDs, or names for servers.
struct PatternMatches {
    OidSet* oids = nullptr;
    std::unordered_set<std::string>* names = nullptr;
};

constexpr PatternKind schema_kind{
    "SELECT oid FROM pg_catalog.pg_namespace n", false, "n.nspname", "", "", "schemas"};

constexpr PatternKind table_kind{
    "SELECT c.oid FROM pg_catalog.pg_class c "
    "LEFT JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace "
    "WHERE c.relkind OPERATOR(pg_catalog.=) ANY (array['r', 'S', 'v', 'm', 'f', 'p'])",
    true, "c.relname", "n.nspname", "pg_catalog.pg_table_is_visible(c.oid)", "tables"};

constexpr PatternKind foreign_server_kind{
    "SELECT s.srvname FROM pg_catalog.pg_foreign_server s", false, "s.srvname", "", "",
    "foreign servers", false, "srvname"};

constexpr PatternKind extension_kind{
    "SELECT oid FROM pg_catalog.pg_extension e", false, "e.extname", "", "", "extensions", false};

std::error_code pattern_error(protocol::Diagnostics& diagnostics, errc code, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return make_error_code(code);
}

// A database name in a pattern must be the current database's, as pg_dump
// requires: it does not dump other databases' objects.
std::error_code check_database_part(QueryRunner& runner, const NamePatternParts& parts,
                                    const std::string& pattern,
                                    protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner, "SELECT pg_catalog.current_database() AS name", "the database's name", {"name"},
        result, columns, diagnostics);
    if (error) return error;
    if (columns.row_count() > 0 && columns.text(0, 0) == parts.first_part_literal) return {};
    return pattern_error(diagnostics, errc::invalid_name_pattern,
                         "cross-database references are not implemented: " + pattern);
}

// Checks the dotted parts of a pattern the way pg_dump does for each kind.
std::error_code check_pattern_parts(QueryRunner& runner, const PatternKind& kind,
                                    const NamePatternParts& parts, const std::string& pattern,
                                    protocol::Diagnostics& diagnostics) {
    const bool qualified = !kind.schema_column.empty();
    const int max_dots = (qualified ? 1 : 0) + (kind.allows_database_part ? 1 : 0);
    if (parts.dot_count > max_dots) {
        return pattern_error(diagnostics, errc::invalid_name_pattern,
                             std::string(qualified ? "improper relation name"
                                                   : "improper qualified name") +
                                 " (too many dotted names): " + pattern);
    }
    // Schema, extension and server patterns keep no database part, so any
    // dot in them names a database other than the current one.
    if (parts.dot_count == max_dots && kind.allows_database_part) {
        NamePatternParts database_part = parts;
        if (!qualified) database_part.first_part_literal.clear();
        return check_database_part(runner, database_part, pattern, diagnostics);
    }
    return {};
}

std::error_code expand_patterns(QueryRunner& runner, const PatternKind& kind,
                                const std::vector<std::string>& patterns, bool strict,
                                bool standard_conforming_strings, PatternMatches matches,
                                protocol::Diagnostics& diagnostics) {
    const bool qualified = !kind.schema_column.empty();
    for (const auto& pattern : patterns) {
        NamePatternParts parts = split_name_pattern(pattern, qualified ? 3 : 1);
        if (auto error = check_pattern_parts(runner, kind, parts, pattern, diagnostics)) {
            return error;
        }

        std::string sql(kind.select_sql);
        std::string conditions = name_pattern_conditions(
            parts, kind.name_column, kind.schema_column, kind.visibility_rule,
            standard_conforming_strings);
        if (!conditions.empty()) sql += (kind.has_where ? " AND " : " WHERE ") + conditions;

        protocol::QueryResult result;
        ResultColumns columns;
        const std::string query_label = std::string(kind.plural) + " matching pattern \"" + pattern + "\"";
        if (auto error = query_catalog_columns(runner, sql, query_label, {kind.result_column}, result, columns,
                                               diagnostics)) {
            return error;
        }
        if (strict && columns.row_count() == 0) {
            return pattern_error(diagnostics, errc::no_matching_objects,
                                 "no matching " + std::string(kind.plural) +
                                     " were found for pattern \"" + pattern + "\"");
        }
        for (std::size_t row = 0; row < columns.row_count(); ++row) {
            if (matches.oids != nullptr) matches.oids->insert(columns.oid(row, 0));
            if (matches.names != nullptr) matches.names->insert(columns.text(row, 0));
        }
    }
    return {};
}

std::error_code run_statement(QueryRunner& runner, std::string_view sql,
                              protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    return runner.query(sql, result, diagnostics);
}

// Expands table patterns with the server's default search_path in effect, so
// that an unqualified name matches the tables pg_table_is_visible() reports
// as visible on that path.
std::error_code expand_table_patterns(QueryRunner& runner,
                                      const std::vector<std::string>& patterns, bool strict,
                                      bool standard_conforming_strings, OidSet& oids,
                                      protocol::Diagnostics& diagnostics) {
    if (patterns.empty()) return {};
    if (auto error = run_statement(runner, "RESET search_path", diagnostics)) return error;
    if (auto error = expand_patterns(runner, table_kind, patterns, strict,
                                     standard_conforming_strings, {&oids, nullptr}, diagnostics)) {
        return error;
    }
    return run_statement(runner, "SELECT pg_catalog.set_config('search_path', '', false)",
                         diagnostics);
}

std::error_code no_match(protocol::Diagnostics& diagnostics, std::string_view plural) {
    return pattern_error(diagnostics, errc::no_matching_objects,
                         "no matching " + std::string(plural) + " were found");
}

}  // namespace

std::error_code expand_selection_patterns(QueryRunner& runner, const SelectionPatterns& patterns,
                                          bool standard_conforming_strings,
                                          ObjectSelection& selection,
                                          protocol::Diagnostics& diagnostics) {
    const bool strict = patterns.strict_names;
    const bool scs = standard_conforming_strings;
    selection.schema_list_given = !patterns.schemas.empty();
    selection.table_list_given = !patterns.tables.empty();
    selection.extension_list_given = !patterns.extensions.empty();
    selection.include_everything = !selection.schema_list_given && !selection.table_list_given &&
                                   !selection.extension_list_given;

    // The order and the messages are pg_dump 15's. Exclusion patterns that
    // match nothing are not an error, not even with --strict-names.
    if (auto error = expand_patterns(runner, schema_kind, patterns.schemas, strict, scs,
                                     {&selection.schemas, nullptr}, diagnostics)) {
        return error;
    }
    if (selection.schema_list_given && selection.schemas.empty()) return no_match(diagnostics, "schemas");
    if (auto error = expand_patterns(runner, schema_kind, patterns.excluded_schemas, false, scs,
                                     {&selection.excluded_schemas, nullptr}, diagnostics)) {
        return error;
    }

    if (auto error = expand_table_patterns(runner, patterns.tables, strict, scs, selection.tables,
                                           diagnostics)) {
        return error;
    }
    if (selection.table_list_given && selection.tables.empty()) return no_match(diagnostics, "tables");
    if (auto error = expand_table_patterns(runner, patterns.excluded_tables, false, scs,
                                           selection.excluded_tables, diagnostics)) {
        return error;
    }
    if (auto error = expand_table_patterns(runner, patterns.excluded_table_data, false, scs,
                                           selection.excluded_table_data, diagnostics)) {
        return error;
    }

    // Every --include-foreign-data pattern must match, with or without --strict-names.
    if (auto error = expand_patterns(runner, foreign_server_kind, patterns.foreign_servers, true,
                                     scs, {nullptr, &selection.foreign_servers}, diagnostics)) {
        return error;
    }

    if (auto error = expand_patterns(runner, extension_kind, patterns.extensions, strict, scs,
                                     {&selection.extensions, nullptr}, diagnostics)) {
        return error;
    }
    if (selection.extension_list_given && selection.extensions.empty()) {
        return no_match(diagnostics, "extensions");
    }
    return {};
}

}  // namespace wiredump::catalog
