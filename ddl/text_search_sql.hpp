#pragma once

// CREATE TEXT SEARCH PARSER, TEMPLATE, DICTIONARY and CONFIGURATION text as
// pg_dump 15's dumpTSParser, dumpTSTemplate, dumpTSDictionary and
// dumpTSConfig write it, kept apart from the catalog read so that unit tests
// can call it on hand-built records.

#include "catalog/catalog_model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

struct PlanContext;

// The four text search object kinds, as their TOC descs name them.
enum class TextSearchKind { parser, template_object, dictionary, configuration };

// "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE", ...
std::string text_search_desc(TextSearchKind kind);

// One ADD MAPPING row of a configuration: a token type alias and one of its
// dictionaries as regdictionary text.
struct TextSearchMapping {
    std::string token_type;
    std::string dictionary;
};

// One row of pg_ts_parser, pg_ts_template, pg_ts_dict or pg_ts_config.
// Function fields are regproc text under an empty search_path ("-" for
// none). Parsers and templates have no owner.
struct TextSearchRecord {
    TextSearchKind kind = TextSearchKind::dictionary;
    catalog::CatalogId id;
    std::string name;
    std::uint32_t namespace_oid = 0;
    std::uint32_t owner_oid = 0;

    // Parser: prsstart, prstoken, prsend, prsheadline, prslextype.
    std::string start_function = "-";
    std::string token_function = "-";
    std::string end_function = "-";
    std::string headline_function = "-";
    std::string lextypes_function = "-";

    // Template: tmplinit, tmpllexize.
    std::string init_function = "-";
    std::string lexize_function = "-";

    // Dictionary: its template's schema and name, and dictinitoption.
    // Configuration: its parser's schema and name, and its mappings in
    // token type and sequence order.
    std::string referenced_schema;
    std::string referenced_name;
    std::optional<std::string> init_options;
    std::vector<TextSearchMapping> mappings;

    bool dumped = false;
};

// The CREATE statement, followed for a configuration by its ALTER ... ADD
// MAPPING statements.
std::string create_text_search_sql(const PlanContext& context, const TextSearchRecord& record);

// "DROP TEXT SEARCH DICTIONARY s.name;\n" and so on.
std::string drop_text_search_sql(const PlanContext& context, const TextSearchRecord& record);

}  // namespace wiredump::ddl
