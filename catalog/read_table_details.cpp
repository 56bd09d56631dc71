#include "catalog/catalog_readers.hpp"
#include "catalog/lock_capacity.hpp"
#include "catalog/result_columns.hpp"

#include <unordered_set>

namespace wiredump::catalog {

namespace {

std::string unnest_tables(const std::vector<std::uint32_t>& table_oids) {
    return "pg_catalog.unnest(" + oid_array_literal(table_oids) + ") AS src(tbloid)";
}

}  // namespace

std::error_code read_column_defaults(QueryRunner& runner,
                                     const std::vector<std::uint32_t>& table_oids,
                                     std::vector<ColumnDefaultRecord>& defaults,
                                     protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT a.tableoid, a.oid, a.adrelid, a.adnum, "
        "pg_catalog.pg_get_expr(a.adbin, a.adrelid) AS adsrc FROM " +
            unnest_tables(table_oids) +
            " JOIN pg_catalog.pg_attrdef a ON (src.tbloid = a.adrelid) "
            "ORDER BY a.adrelid, a.adnum",
        "column defaults", {"tableoid", "oid", "adrelid", "adnum", "adsrc"}, result, columns,
        diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        ColumnDefaultRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.table_oid = columns.oid(row, 2);
        record.column_number = columns.integer(row, 3);
        record.expression = columns.text(row, 4);
        defaults.push_back(std::move(record));
    }
    return {};
}

std::error_code read_check_constraints(QueryRunner& runner, int server_version_num,
                                       const std::vector<std::uint32_t>& table_oids,
                                       std::vector<CheckConstraintRecord>& checks,
                                       protocol::Diagnostics& diagnostics) {
    // A valid not-null constraint is part of its column's definition, but a NOT VALID one
    // (PostgreSQL 18 and later) must be added after the data, as a NOT VALID CHECK is.
    const char* types = server_version_num >= 180000
                            ? "(c.contype = 'c' OR (c.contype = 'n' AND NOT c.convalidated))"
                            : "c.contype = 'c'";
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT c.tableoid, c.oid, c.conrelid, c.conname, c.contype, "
        "pg_catalog.pg_get_constraintdef(c.oid) AS consrc, c.conislocal, c.convalidated FROM " +
            unnest_tables(table_oids) +
            " JOIN pg_catalog.pg_constraint c ON (src.tbloid = c.conrelid) "
            "WHERE " + types + " ORDER BY c.conrelid, c.conname",
        "CHECK constraints",
        {"tableoid", "oid", "conrelid", "conname", "contype", "consrc", "conislocal",
         "convalidated"},
        result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        CheckConstraintRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.table_oid = columns.oid(row, 2);
        record.name = columns.text(row, 3);
        record.type = columns.text(row, 4) == "n" ? 'n' : 'c';
        record.definition = columns.text(row, 5);
        record.is_local = columns.boolean(row, 6);
        record.validated = columns.boolean(row, 7);
        // A NOT VALID check is added after the data, so the restore neither
        // validates it nor fails on old rows that break it.
        record.separate = !record.validated;
        checks.push_back(std::move(record));
    }
    return {};
}

std::error_code read_indexes(QueryRunner& runner, const CatalogModel& model,
                             const std::vector<std::uint32_t>& table_oids,
                             std::vector<IndexRecord>& indexes,
                             protocol::Diagnostics& diagnostics) {
    std::string nulls_not_distinct = model.server_version_num >= 150000
                                         ? "i.indnullsnotdistinct"
                                         : "false AS indnullsnotdistinct";
    // Temporal keys ("WITHOUT OVERLAPS") exist from PostgreSQL 18 on.
    std::string without_overlaps = model.server_version_num >= 180000
                                       ? "c.conperiod AS withoutoverlaps"
                                       : "NULL AS withoutoverlaps";
    std::string statistics_filter = model.server_version_num >= 170000
                                        ? "attstattarget IS NOT NULL"
                                        : "attstattarget >= 0";
    std::string sql =
        "SELECT t.tableoid, t.oid, i.indrelid, t.relname AS indexname, "
        "pg_catalog.pg_get_indexdef(i.indexrelid) AS indexdef, i.indkey, i.indisclustered, "
        "c.contype, c.conname, c.condeferrable, c.condeferred, c.tableoid AS contableoid, "
        "c.oid AS conoid, pg_catalog.pg_get_constraintdef(c.oid, false) AS condef, "
        "(SELECT spcname FROM pg_catalog.pg_tablespace s WHERE s.oid = t.reltablespace) "
        "AS tablespace, t.reloptions AS indreloptions, i.indisreplident, "
        "inh.inhparent AS parentidx, i.indnkeyatts, i.indnatts, "
        "(SELECT pg_catalog.array_agg(attnum ORDER BY attnum) FROM pg_catalog.pg_attribute "
        "WHERE attrelid = i.indexrelid AND " +
        statistics_filter +
        ") AS indstatcols, "
        "(SELECT pg_catalog.array_agg(attstattarget ORDER BY attnum) FROM pg_catalog.pg_attribute "
        "WHERE attrelid = i.indexrelid AND " +
        statistics_filter + ") AS indstatvals, " + nulls_not_distinct + ", " + without_overlaps +
        " FROM " + unnest_tables(table_oids) +
        " JOIN pg_catalog.pg_index i ON (src.tbloid = i.indrelid) "
        "JOIN pg_catalog.pg_class t ON (t.oid = i.indexrelid) "
        "JOIN pg_catalog.pg_class t2 ON (t2.oid = i.indrelid) "
        "LEFT JOIN pg_catalog.pg_constraint c ON (i.indrelid = c.conrelid AND "
        "i.indexrelid = c.conindid AND c.contype IN ('p', 'u', 'x')) "
        "LEFT JOIN pg_catalog.pg_inherits inh ON (inh.inhrelid = i.indexrelid) "
        "WHERE (i.indisvalid OR t2.relkind = 'p') AND i.indisready "
        "ORDER BY i.indrelid, indexname";

    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner, sql, "indexes",
        {"tableoid", "oid", "indrelid", "indexname", "indexdef", "indkey", "indisclustered",
         "contype", "conname", "condeferrable", "condeferred", "contableoid", "conoid", "condef",
         "tablespace", "indreloptions", "indisreplident", "parentidx", "indnkeyatts", "indnatts",
         "indstatcols", "indstatvals", "indnullsnotdistinct", "withoutoverlaps"},
        result, columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        IndexRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.table_oid = columns.oid(row, 2);
        record.name = columns.text(row, 3);
        record.definition = columns.text(row, 4);
        record.key_columns = parse_int_vector(columns.text(row, 5));
        record.is_clustered = columns.boolean(row, 6);
        std::string constraint_type = columns.text(row, 7);
        record.constraint_type = constraint_type.empty() ? '\0' : constraint_type.front();
        record.constraint_name = columns.text(row, 8);
        record.deferrable = columns.boolean(row, 9);
        record.deferred = columns.boolean(row, 10);
        record.constraint_id = {columns.oid(row, 11), columns.oid(row, 12)};
        record.constraint_definition = columns.text(row, 13);
        record.tablespace = columns.text(row, 14);
        record.reloptions = parse_text_array(columns.text(row, 15));
        record.is_replica_identity = columns.boolean(row, 16);
        record.parent_index = columns.oid(row, 17);
        record.key_column_count = columns.integer(row, 18);
        record.column_count = columns.integer(row, 19);
        for (const auto& value : parse_text_array(columns.text(row, 20))) {
            record.statistics_columns.push_back(std::stoll(value));
        }
        for (const auto& value : parse_text_array(columns.text(row, 21))) {
            record.statistics_targets.push_back(std::stoll(value));
        }
        record.nulls_not_distinct = columns.boolean(row, 22);
        record.without_overlaps = columns.boolean(row, 23);
        indexes.push_back(std::move(record));
    }
    return {};
}

std::error_code read_foreign_keys(QueryRunner& runner, const std::vector<std::uint32_t>& table_oids,
                                  std::vector<ForeignKeyRecord>& foreign_keys,
                                  protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT c.tableoid, c.oid, c.conrelid, c.conname, c.conindid, "
        "pg_catalog.pg_get_constraintdef(c.oid) AS condef FROM " +
            unnest_tables(table_oids) +
            " JOIN pg_catalog.pg_constraint c ON (src.tbloid = c.conrelid) "
            "WHERE c.contype = 'f' AND c.conparentid = 0 ORDER BY c.conrelid, c.conname",
        "foreign keys", {"tableoid", "oid", "conrelid", "conname", "condef", "conindid"}, result,
        columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        ForeignKeyRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.table_oid = columns.oid(row, 2);
        record.name = columns.text(row, 3);
        record.definition = columns.text(row, 4);
        record.referenced_index = columns.oid(row, 5);
        foreign_keys.push_back(std::move(record));
    }
    return {};
}

namespace {

std::error_code read_oid_text_pairs(QueryRunner& runner, const std::string& expression,
                                    const std::vector<std::uint32_t>& oids, std::string_view what,
                                    std::unordered_map<std::uint32_t, std::string>& out,
                                    protocol::Diagnostics& diagnostics) {
    if (oids.empty()) return {};
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT c.oid, " + expression + " AS text FROM " + unnest_tables(oids) +
            " JOIN pg_catalog.pg_class c ON (c.oid = src.tbloid)",
        what, {"oid", "text"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        out[columns.oid(row, 0)] = columns.text(row, 1);
    }
    return {};
}

}  // namespace

std::error_code read_partitioning(QueryRunner& runner,
                                  const std::vector<std::uint32_t>& partitioned_tables,
                                  const std::vector<std::uint32_t>& partitions,
                                  std::unordered_map<std::uint32_t, std::string>& keys,
                                  std::unordered_map<std::uint32_t, std::string>& bounds,
                                  protocol::Diagnostics& diagnostics) {
    if (std::error_code error =
            read_oid_text_pairs(runner, "pg_catalog.pg_get_partkeydef(c.oid)", partitioned_tables,
                                "partition keys", keys, diagnostics)) {
        return error;
    }
    return read_oid_text_pairs(runner, "pg_catalog.pg_get_expr(c.relpartbound, c.oid)", partitions,
                               "partition bounds", bounds, diagnostics);
}

std::error_code read_foreign_tables(QueryRunner& runner,
                                    const std::vector<std::uint32_t>& foreign_tables,
                                    CatalogModel& model, protocol::Diagnostics& diagnostics) {
    if (foreign_tables.empty()) return {};
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT ft.ftrelid, s.srvname, pg_catalog.array_to_string(ARRAY("
        "SELECT pg_catalog.quote_ident(option_name) || ' ' || "
        "pg_catalog.quote_literal(option_value) "
        "FROM pg_catalog.pg_options_to_table(ft.ftoptions) ORDER BY option_name), "
        "E',\n    ') AS ftoptions FROM " +
            unnest_tables(foreign_tables) +
            " JOIN pg_catalog.pg_foreign_table ft ON (ft.ftrelid = src.tbloid) "
            "JOIN pg_catalog.pg_foreign_server s ON (s.oid = ft.ftserver)",
        "foreign tables", {"ftrelid", "srvname", "ftoptions"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        if (RelationRecord* relation = model.find_relation(columns.oid(row, 0))) {
            relation->foreign_server = columns.text(row, 1);
            relation->foreign_options = columns.text(row, 2);
        }
    }
    return {};
}

namespace {

std::error_code read_sequence_definitions(QueryRunner& runner,
                                          const std::vector<std::uint32_t>& sequence_oids,
                                          std::vector<SequenceRecord>& sequences,
                                          protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL) AS seqtype, s.seqstart, "
        "s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle FROM " +
            std::string("pg_catalog.unnest(") + oid_array_literal(sequence_oids) +
            ") AS src(seqoid) JOIN pg_catalog.pg_sequence s ON (src.seqoid = s.seqrelid) "
            "ORDER BY s.seqrelid",
        "sequences",
        {"seqrelid", "seqtype", "seqstart", "seqincrement", "seqmax", "seqmin", "seqcache",
         "seqcycle"},
        result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        SequenceRecord record;
        record.oid = columns.oid(row, 0);
        record.type_name = columns.text(row, 1);
        record.start = columns.text(row, 2);
        record.increment = columns.text(row, 3);
        record.max_value = columns.text(row, 4);
        record.min_value = columns.text(row, 5);
        record.cache = columns.text(row, 6);
        record.cycle = columns.boolean(row, 7);
        sequences.push_back(std::move(record));
    }
    return {};
}

// Sequences per UNION ALL statement. The server's time per branch grows with
// the number of branches: on PostgreSQL 15, one statement of 2,000 sequences
// took 1.6 s and one of 100 took 5 ms, so small batches are far faster in all.
constexpr std::size_t max_sequences_per_statement = 100;

// Reads last_value and is_called, which only the sequence relation itself
// holds, with one UNION ALL statement per batch of sequences.
std::error_code read_sequence_values(QueryRunner& runner, const CatalogModel& model,
                                     const std::vector<std::uint32_t>& value_oids,
                                     std::vector<SequenceRecord>& sequences,
                                     protocol::Diagnostics& diagnostics,
                                     std::size_t max_statement_bytes) {
    const std::unordered_set<std::uint32_t> wanted(value_oids.begin(), value_oids.end());
    std::unordered_map<std::uint32_t, SequenceRecord*> by_oid;
    for (auto& sequence : sequences) {
        if (wanted.count(sequence.oid) != 0) by_oid[sequence.oid] = &sequence;
    }

    std::string statement;
    std::size_t statement_sequences = 0;
    auto flush = [&]() -> std::error_code {
        if (statement.empty()) return {};
        protocol::QueryResult result;
        ResultColumns columns;
        std::error_code error = query_catalog_columns(runner, statement, "sequence values",
                                                      {"seqoid", "last_value", "is_called"}, result,
                                                      columns, diagnostics);
        // Each sequence read stays locked until the dump ends, so these
        // locks add to the tables' and can overflow the lock table.
        if (error && is_lock_table_full(diagnostics)) {
            diagnostics.set_client_message(lock_table_full_message(model.locked_relations, model.lock_settings));
        }
        if (error) return error;
        for (std::size_t row = 0; row < columns.row_count(); ++row) {
            auto found = by_oid.find(columns.oid(row, 0));
            if (found == by_oid.end()) continue;
            found->second->last_value = columns.text(row, 1);
            found->second->is_called = columns.boolean(row, 2);
        }
        statement.clear();
        statement_sequences = 0;
        return {};
    };

    for (const auto& sequence : sequences) {
        if (by_oid.count(sequence.oid) == 0) continue;
        const RelationRecord* relation = model.find_relation(sequence.oid);
        const NamespaceRecord* schema =
            relation ? model.find_namespace(relation->namespace_oid) : nullptr;
        if (schema == nullptr) continue;
        std::string select = "SELECT " + std::to_string(sequence.oid) +
                             "::pg_catalog.oid AS seqoid, last_value, is_called FROM " +
                             qualified_name(schema->name, relation->name, model.keywords);
        if (!statement.empty() && (statement.size() + select.size() > max_statement_bytes ||
                                   statement_sequences == max_sequences_per_statement)) {
            if (std::error_code error = flush()) return error;
        }
        if (!statement.empty()) statement += " UNION ALL ";
        statement += select;
        ++statement_sequences;
    }
    return flush();
}

}  // namespace

std::error_code read_sequences(QueryRunner& runner, const CatalogModel& model,
                               const std::vector<std::uint32_t>& sequence_oids,
                               const std::vector<std::uint32_t>& value_oids,
                               std::vector<SequenceRecord>& sequences,
                               protocol::Diagnostics& diagnostics,
                               std::size_t max_statement_bytes) {
    if (std::error_code error =
            read_sequence_definitions(runner, sequence_oids, sequences, diagnostics)) {
        return error;
    }
    return read_sequence_values(runner, model, value_oids, sequences, diagnostics, max_statement_bytes);
}

}  // namespace wiredump::catalog
