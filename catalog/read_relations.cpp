#include "catalog/catalog_readers.hpp"

#include "catalog/lock_capacity.hpp"
#include "catalog/result_columns.hpp"

#include <algorithm>
#include <charconv>

namespace wiredump::catalog {

namespace {

constexpr const char* relations_sql =
    "SELECT c.tableoid, c.oid, c.relname, c.relnamespace, c.relkind, c.relowner, c.relchecks, "
    "c.relhasindex, c.relhasrules, c.relhastriggers, c.relpersistence, c.reloftype, c.relacl, "
    "CASE WHEN c.reloftype <> 0 THEN c.reloftype::pg_catalog.regtype::pg_catalog.text END "
    "AS reloftype_name, "
    "pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's'::\"char\" ELSE 'r'::\"char\" END, "
    "c.relowner) AS acldefault, "
    "d.refobjid AS owning_tab, d.refobjsubid AS owning_col, "
    "tsp.spcname AS reltablespace, c.relispopulated, c.relreplident, c.relrowsecurity, "
    "c.relforcerowsecurity, "
    "pg_catalog.array_remove(pg_catalog.array_remove(c.reloptions, 'check_option=local'), "
    "'check_option=cascaded') AS reloptions, "
    "CASE WHEN 'check_option=local' = ANY (c.reloptions) THEN 'LOCAL'::text "
    "WHEN 'check_option=cascaded' = ANY (c.reloptions) THEN 'CASCADED'::text "
    "ELSE NULL END AS checkoption, "
    "tc.reloptions AS toast_reloptions, am.amname, "
    "(d.deptype = 'i') IS TRUE AS is_identity_sequence, c.relispartition AS ispartition, "
    "c.relpages + COALESCE(tc.relpages, 0) AS pages "
    "FROM pg_catalog.pg_class c "
    "LEFT JOIN pg_catalog.pg_depend d ON (c.relkind = 'S' AND "
    "d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND "
    "d.objsubid = 0 AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND "
    "d.deptype IN ('a', 'i')) "
    "LEFT JOIN pg_catalog.pg_tablespace tsp ON (tsp.oid = c.reltablespace) "
    "LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid) "
    "LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid AND tc.relkind = 't' AND "
    "c.relkind <> 'p') "
    "WHERE c.relkind IN ('r', 'S', 'v', 'c', 'm', 'f', 'p') "
    "ORDER BY c.oid";

char first_char(const std::string& text, char fallback) {
    return text.empty() ? fallback : text.front();
}

void select_dumped_relations(CatalogModel& model) {
    const ObjectSelection& selection = model.selection;
    for (auto& relation : model.relations) {
        if (selection.table_list_given) {
            relation.dumped = selection.tables.count(relation.id.oid) != 0;
        } else {
            const NamespaceRecord* schema = model.find_namespace(relation.namespace_oid);
            relation.dumped = schema != nullptr && schema->dumped;
        }
        if (selection.excluded_tables.count(relation.id.oid) != 0) relation.dumped = false;
    }

    // Extension members are restored by CREATE EXTENSION.
    for (const auto& member : model.extension_members) {
        if (member.member.catalog_table_oid != pg_class_oid) continue;
        if (RelationRecord* relation = model.find_relation(member.member.oid)) {
            relation->dumped = false;
        }
    }

    // As in pg_dump 15, an identity sequence is dumped exactly when its table
    // is, and any other owned sequence also when its table is dumped, so
    // -t TABLE brings the table's serial sequences along.
    for (auto& relation : model.relations) {
        if (relation.relkind != 'S' || relation.owning_table == 0) continue;
        if (const RelationRecord* owner = model.find_relation(relation.owning_table)) {
            if (relation.is_identity_sequence) {
                relation.dumped = owner->dumped;
            } else {
                relation.dumped = relation.dumped || owner->dumped;
            }
        }
    }
}

// pg_dump 15's choice of the extension configuration tables and sequences whose rows it
// writes: those of a dumped extension, and those of another extension only when -t names the
// relation or its schema is dumped. With -e, an extension that -e does not name gets none.
// -T and -N leave a relation out in every case.
void select_extension_config_data(CatalogModel& model) {
    const ObjectSelection& selection = model.selection;
    for (const auto& extension : model.extensions) {
        if (extension.config_tables.empty()) continue;
        if (selection.extension_list_given && selection.extensions.count(extension.id.oid) == 0) {
            continue;
        }
        const std::vector<std::string> relations = parse_text_array(extension.config_tables);
        const std::vector<std::string> conditions = parse_text_array(extension.config_conditions);
        // pg_extension_config_dump keeps the two arrays in step, and pg_dump skips an
        // extension whose arrays differ in length.
        if (relations.size() != conditions.size()) continue;

        for (std::size_t i = 0; i < relations.size(); ++i) {
            std::uint32_t oid = 0;
            const std::string& text = relations[i];
            std::from_chars(text.data(), text.data() + text.size(), oid);
            RelationRecord* relation = model.find_relation(oid);
            if (relation == nullptr) continue;

            bool chosen = extension.dumped;
            if (!chosen) {
                const NamespaceRecord* schema = model.find_namespace(relation->namespace_oid);
                chosen = (selection.table_list_given && selection.tables.count(oid) != 0) ||
                         (schema != nullptr && schema->dumped);
            }
            if (selection.excluded_tables.count(oid) != 0 ||
                selection.excluded_schemas.count(relation->namespace_oid) != 0) {
                chosen = false;
            }
            if (chosen) relation->extension_config_filter = conditions[i];
        }
    }
}

}  // namespace

std::error_code read_relations(QueryRunner& runner, CatalogModel& model,
                               protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner, relations_sql, "tables",
        {"tableoid", "oid", "relname", "relnamespace", "relkind", "relowner", "relchecks",
         "relhasindex", "relhasrules", "relhastriggers", "relpersistence", "reloftype", "relacl",
         "acldefault", "owning_tab", "owning_col", "reltablespace", "relispopulated",
         "relreplident", "relrowsecurity", "relforcerowsecurity", "reloptions", "checkoption",
         "toast_reloptions", "amname", "is_identity_sequence", "ispartition", "pages",
         "reloftype_name"},
        result, columns, diagnostics);
    if (error) return error;

    model.relations.reserve(columns.row_count());
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        RelationRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        record.namespace_oid = columns.oid(row, 3);
        record.relkind = first_char(columns.text(row, 4), 'r');
        record.owner_oid = columns.oid(row, 5);
        record.check_count = columns.integer(row, 6);
        record.has_index = columns.boolean(row, 7);
        record.has_rules = columns.boolean(row, 8);
        record.has_triggers = columns.boolean(row, 9);
        record.persistence = first_char(columns.text(row, 10), 'p');
        record.of_type = columns.oid(row, 11);
        record.acl = columns.optional_text(row, 12);
        record.acl_default = columns.text(row, 13);
        record.owning_table = columns.oid(row, 14);
        record.owning_column = columns.integer(row, 15);
        record.tablespace = columns.text(row, 16);
        record.is_populated = columns.boolean(row, 17);
        record.replica_identity = first_char(columns.text(row, 18), 'd');
        record.row_security = columns.boolean(row, 19);
        record.force_row_security = columns.boolean(row, 20);
        record.reloptions = parse_text_array(columns.text(row, 21));
        record.check_option = columns.optional_text(row, 22);
        record.toast_reloptions = parse_text_array(columns.text(row, 23));
        record.access_method = columns.text(row, 24);
        record.is_identity_sequence = columns.boolean(row, 25);
        record.is_partition = columns.boolean(row, 26);
        record.pages = columns.integer(row, 27);
        record.of_type_name = columns.text(row, 28);
        model.relation_index[record.id.oid] = model.relations.size();
        model.relations.push_back(std::move(record));
    }

    select_dumped_relations(model);
    select_extension_config_data(model);
    return {};
}

std::error_code lock_dumped_tables(QueryRunner& runner, CatalogModel& model,
                                   std::size_t sequences_read, protocol::Diagnostics& diagnostics,
                                   std::size_t max_statement_bytes) {
    const std::string prefix = "LOCK TABLE ";
    const std::string suffix = " IN ACCESS SHARE MODE";
    std::string statement;
    std::vector<RelationRecord*> pending;
    std::vector<std::string> pending_names;

    // An extension configuration table is locked too, since its rows are copied.
    const auto lockable = [](const RelationRecord& relation) {
        return (relation.dumped || relation.extension_config_filter) &&
               (relation.relkind == 'r' || relation.relkind == 'p');
    };
    LockedRelationCount& counts = model.locked_relations;
    counts = {};
    counts.tables = static_cast<std::size_t>(
        std::count_if(model.relations.begin(), model.relations.end(), lockable));
    counts.sequences = sequences_read;

    // A full lock table aborts the transaction, after which no setting can be
    // read, so the settings that size it are read first.
    if (counts.total() > 0) {
        if (std::error_code error = read_lock_table_settings(runner, model.lock_settings, diagnostics)) {
            return error;
        }
    }

    auto flush = [&]() -> std::error_code {
        if (pending.empty()) return {};
        protocol::QueryResult result;
        std::error_code error = runner.query(statement + suffix, result, diagnostics);
        if (error) {
            // The statement can name thousands of tables, so the message names
            // the first and the last.
            std::string message = "could not lock " + std::to_string(pending.size()) +
                                  " tables in ACCESS SHARE mode (" + pending_names.front();
            if (pending.size() > 1) message += " to " + pending_names.back();
            message += ")";
            if (diagnostics.server_error()) message += ": " + diagnostics.server_error()->message;

            if (is_lock_table_full(diagnostics)) {
                message = lock_table_full_message(counts, model.lock_settings);
            }
            diagnostics.set_client_message(std::move(message));
            return error;
        }
        for (RelationRecord* relation : pending) relation->locked = true;
        pending.clear();
        pending_names.clear();
        statement.clear();
        return {};
    };

    for (auto& relation : model.relations) {
        if (!lockable(relation)) continue;
        const NamespaceRecord* schema = model.find_namespace(relation.namespace_oid);
        std::string name = qualified_name(schema->name, relation.name, model.keywords);

        if (!statement.empty() && statement.size() + name.size() + 2 > max_statement_bytes) {
            if (std::error_code error = flush()) return error;
        }
        statement += statement.empty() ? prefix : ", ";
        statement += name;
        pending.push_back(&relation);
        pending_names.push_back(std::move(name));
    }
    return flush();
}

}  // namespace wiredump::catalog
