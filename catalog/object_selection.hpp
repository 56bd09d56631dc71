#pragma once

#include "catalog/query_runner.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <vector>

namespace wiredump::catalog {

// pg_dump's object selection options as given, each a list of name patterns
// (see catalog/name_pattern.hpp).
struct SelectionPatterns {
    std::vector<std::string> schemas;              // -n/--schema
    std::vector<std::string> excluded_schemas;     // -N/--exclude-schema
    std::vector<std::string> tables;               // -t/--table
    std::vector<std::string> excluded_tables;      // -T/--exclude-table
    std::vector<std::string> excluded_table_data;  // --exclude-table-data
    std::vector<std::string> extensions;           // -e/--extension
    std::vector<std::string> foreign_servers;      // --include-foreign-data
    // --strict-names: every -n, -t and -e pattern must match something.
    bool strict_names = false;
};

using OidSet = std::unordered_set<std::uint32_t>;

// The patterns expanded into OIDs in the dump's snapshot.
struct ObjectSelection {
    // False when -n, -t or -e was given. pg_dump then leaves out every object
    // that is not inside a schema (casts, languages, event triggers,
    // publications, foreign data wrappers ...) and, unless -b, large objects.
    bool include_everything = true;
    bool schema_list_given = false;
    bool table_list_given = false;
    bool extension_list_given = false;
    OidSet schemas;
    OidSet excluded_schemas;
    OidSet tables;
    OidSet excluded_tables;
    OidSet excluded_table_data;
    OidSet extensions;
    // Names of the foreign servers whose foreign tables' rows are dumped.
    std::unordered_set<std::string> foreign_servers;
};

// Expands every pattern with one catalog query each, as pg_dump 15 does, and
// fails with pg_dump's message when an inclusion list matches nothing (with
// --strict-names, when any of its patterns matches nothing, and for
// --include-foreign-data always when one matches nothing), when a pattern
// has too many dotted parts, or when it names another database. Unqualified
// table patterns match the tables visible on the server's default
// search_path, so the session's search_path is reset around those queries and
// emptied again afterwards.
// NOTE: pg_catalog and information_schema can be chosen like any schema, as
// in pg_dump, but the object kinds do not write their built-in objects the
// way pg_dump then does.
std::error_code expand_selection_patterns(QueryRunner& runner, const SelectionPatterns& patterns,
                                          bool standard_conforming_strings,
                                          ObjectSelection& selection,
                                          protocol::Diagnostics& diagnostics);

}  // namespace wiredump::catalog
