#include "ddl/text_search_kind.hpp"

#include "catalog/result_columns.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/extension_membership.hpp"
#include "ddl/main_entry.hpp"

#include <unordered_map>
#include <unordered_set>

namespace wiredump::ddl {

namespace {

// One query per catalog. Every query returns the same columns, so that one
// loop reads them, and the columns a kind lacks are NULL.
struct CatalogQuery {
    TextSearchKind kind;
    const char* description;  // names the objects in error messages
    std::string select;   // up to, but not including, the WHERE clause
    const char* namespace_column;
};

std::vector<CatalogQuery> catalog_queries() {
    const std::string common = "SELECT x.tableoid, x.oid, ";
    return {
        {TextSearchKind::parser, "text search parsers",
         common + "x.prsname AS name, x.prsnamespace AS namespace, 0 AS owner, "
                  "x.prsstart::pg_catalog.text AS f1, x.prstoken::pg_catalog.text AS f2, "
                  "x.prsend::pg_catalog.text AS f3, x.prsheadline::pg_catalog.text AS f4, "
                  "x.prslextype::pg_catalog.text AS f5, NULL AS referenced_schema, "
                  "NULL AS referenced_name, NULL AS init_options "
                  "FROM pg_catalog.pg_ts_parser x",
         "x.prsnamespace"},
        {TextSearchKind::template_object, "text search templates",
         common + "x.tmplname AS name, x.tmplnamespace AS namespace, 0 AS owner, "
                  "x.tmplinit::pg_catalog.text AS f1, x.tmpllexize::pg_catalog.text AS f2, "
                  "NULL AS f3, NULL AS f4, NULL AS f5, NULL AS referenced_schema, "
                  "NULL AS referenced_name, NULL AS init_options "
                  "FROM pg_catalog.pg_ts_template x",
         "x.tmplnamespace"},
        {TextSearchKind::dictionary, "text search dictionaries",
         common + "x.dictname AS name, x.dictnamespace AS namespace, x.dictowner AS owner, "
                  "NULL AS f1, NULL AS f2, NULL AS f3, NULL AS f4, NULL AS f5, "
                  "n.nspname AS referenced_schema, t.tmplname AS referenced_name, "
                  "x.dictinitoption AS init_options "
                  "FROM pg_catalog.pg_ts_dict x "
                  "JOIN pg_catalog.pg_ts_template t ON t.oid = x.dicttemplate "
                  "JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace",
         "x.dictnamespace"},
        {TextSearchKind::configuration, "text search configurations",
         common + "x.cfgname AS name, x.cfgnamespace AS namespace, x.cfgowner AS owner, "
                  "NULL AS f1, NULL AS f2, NULL AS f3, NULL AS f4, NULL AS f5, "
                  "n.nspname AS referenced_schema, p.prsname AS referenced_name, "
                  "NULL AS init_options "
                  "FROM pg_catalog.pg_ts_config x "
                  "JOIN pg_catalog.pg_ts_parser p ON p.oid = x.cfgparser "
                  "JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace",
         "x.cfgnamespace"},
    };
}

void fill_functions(const catalog::ResultColumns& columns, std::size_t row,
                    TextSearchRecord& record) {
    if (record.kind == TextSearchKind::parser) {
        record.start_function = columns.text(row, 5);
        record.token_function = columns.text(row, 6);
        record.end_function = columns.text(row, 7);
        record.headline_function = columns.text(row, 8);
        record.lextypes_function = columns.text(row, 9);
    } else if (record.kind == TextSearchKind::template_object) {
        record.init_function = columns.text(row, 5);
        record.lexize_function = columns.text(row, 6);
    }
}

void build_text_search_entries(const PlanContext& context, const TextSearchRecord& record,
                               std::vector<PlannedEntry>& entries) {
    const std::string schema = context.namespace_name(record.namespace_oid);
    const std::string desc = text_search_desc(record.kind);
    // pg_dump writes parsers and templates without an owner, and their
    // comments with an empty one.
    const bool has_owner = record.kind == TextSearchKind::dictionary ||
                           record.kind == TextSearchKind::configuration;
    const std::string owner = has_owner ? context.owner_name(record.owner_oid) : "";

    PlannedEntry planned = start_object_entry(record.id, record.name, desc,
                                              dumpfmt::Section::pre_data, schema, std::nullopt);
    if (has_owner) planned.entry.owner = owner;
    planned.entry.definition = create_text_search_sql(context, record);
    planned.entry.drop_statement = drop_text_search_sql(context, record);
    entries.push_back(std::move(planned));

    add_object_comment(context, record.id, {desc, context.quote(record.name), schema, owner, {}},
                       entries);
}

ObjectType object_type(TextSearchKind kind) {
    switch (kind) {
        case TextSearchKind::parser: return ObjectType::text_search_parser;
        case TextSearchKind::template_object: return ObjectType::text_search_template;
        case TextSearchKind::dictionary: return ObjectType::text_search_dictionary;
        case TextSearchKind::configuration: return ObjectType::text_search_configuration;
    }
    return ObjectType::text_search_dictionary;
}

}  // namespace

std::error_code TextSearchObjectsKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                            protocol::Diagnostics& diagnostics) {
    const std::vector<std::uint32_t> namespaces = context.dumped_namespaces();
    if (namespaces.empty()) return {};

    // Objects that belong to an extension are created by its CREATE EXTENSION.
    const std::unordered_set<std::uint32_t> members = extension_member_oids(context.model);

    for (const auto& query : catalog_queries()) {
        const std::string sql = query.select + " WHERE " + query.namespace_column + " = ANY (" +
                                catalog::oid_array_literal(namespaces) + ") ORDER BY x.oid";
        protocol::QueryResult result;
        catalog::ResultColumns columns;
        std::error_code error = catalog::query_catalog_columns(
            runner, sql, query.description,
            {"tableoid", "oid", "name", "namespace", "owner", "f1", "f2", "f3", "f4", "f5",
             "referenced_schema", "referenced_name", "init_options"},
            result, columns, diagnostics);
        if (error) return error;

        for (std::size_t row = 0; row < columns.row_count(); ++row) {
            TextSearchRecord record;
            record.kind = query.kind;
            record.id = {columns.oid(row, 0), columns.oid(row, 1)};
            record.name = columns.text(row, 2);
            record.namespace_oid = columns.oid(row, 3);
            record.owner_oid = columns.oid(row, 4);
            fill_functions(columns, row, record);
            record.referenced_schema = columns.text(row, 10);
            record.referenced_name = columns.text(row, 11);
            record.init_options = columns.optional_text(row, 12);
            record.dumped = members.count(record.id.oid) == 0;
            objects_.push_back(std::move(record));
        }
    }
    return read_mappings(runner, diagnostics);
}

std::error_code TextSearchObjectsKind::read_mappings(catalog::QueryRunner& runner,
                                                     protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> configurations;
    std::unordered_map<std::uint32_t, TextSearchRecord*> by_oid;
    for (auto& record : objects_) {
        if (record.kind != TextSearchKind::configuration || !record.dumped) continue;
        configurations.push_back(record.id.oid);
        by_oid[record.id.oid] = &record;
    }
    if (configurations.empty()) return {};

    // Token type aliases come from each configuration's parser, in the order
    // pg_dump writes them: by token type, then by dictionary sequence.
    const std::string sql =
        "SELECT m.mapcfg, t.alias AS token_type, m.mapdict::pg_catalog.regdictionary AS dictionary "
        "FROM pg_catalog.pg_ts_config_map m "
        "JOIN pg_catalog.pg_ts_config c ON c.oid = m.mapcfg "
        "LEFT JOIN LATERAL pg_catalog.ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype "
        "WHERE m.mapcfg = ANY (" +
        catalog::oid_array_literal(configurations) +
        ") ORDER BY m.mapcfg, m.maptokentype, m.mapseqno";
    protocol::QueryResult result;
    catalog::ResultColumns columns;
    std::error_code error = catalog::query_catalog_columns(
        runner, sql, "text search configuration mappings", {"mapcfg", "token_type", "dictionary"},
        result, columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        auto found = by_oid.find(columns.oid(row, 0));
        if (found == by_oid.end()) continue;
        found->second->mappings.push_back({columns.text(row, 1), columns.text(row, 2)});
    }
    return {};
}

void TextSearchObjectsKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    for (const auto& record : objects_) {
        DumpObject object;
        object.type = object_type(record.kind);
        object.id = record.id;
        object.namespace_name = context.namespace_name(record.namespace_oid);
        object.name = record.name;
        object.dumped = record.dumped;
        object.build_entries = [&context, &record](int, std::vector<PlannedEntry>& entries) {
            build_text_search_entries(context, record, entries);
        };
        graph.add(std::move(object));
    }
}

}  // namespace wiredump::ddl
