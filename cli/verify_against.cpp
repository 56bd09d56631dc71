#include "cli/verify_against.hpp"

#include "catalog/sql_quote.hpp"
#include "cli/copy_statement_text.hpp"
#include "cli/large_object_comparison.hpp"
#include "dumpfmt/check_errc.hpp"
#include "io/connection.hpp"
#include "pipeline/dump_session.hpp"

#include <map>
#include <utility>

namespace wiredump::cli {
namespace {

using QualifiedName = std::pair<std::string, std::string>;  // schema, table

// Ordinary tables that pg_dump would dump data for: not in a system schema,
// and not a member of an extension unless the extension registered it as a
// configuration table. The third column is the condition the extension
// registered ("" for none), and NULL for a table that is no configuration
// table.
constexpr std::string_view user_tables_query =
    "SELECT n.nspname, c.relname, cfg.condition FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN (SELECT u.config, u.condition FROM pg_catalog.pg_extension x, "
    "ROWS FROM (pg_catalog.unnest(x.extconfig), pg_catalog.unnest(x.extcondition)) "
    "AS u(config, condition)) AS cfg "
    "ON cfg.config = c.oid "
    "WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' "
    "AND (cfg.config IS NOT NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
    "WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')) "
    "ORDER BY 1, 2";

// The definition pg_dump gives the TABLE DATA entry of a partition whose rows
// load through the partition root, followed by the root's name.
constexpr std::string_view load_via_root_marker = "-- load via partition root ";

struct DatabaseTable {
    bool matched = false;                        // true once a manifest table matched it
    std::optional<std::string> config_condition; // set for an extension configuration table
};

std::string describe_table(const dumpfmt::ManifestTable& table) {
    return "table " + table.schema + "." + table.name + " (dump id " + std::to_string(table.dump_id) + ")";
}

void add_difference(DatabaseComparison& comparison, std::string message) {
    comparison.problems.push_back({dumpfmt::check_errc::manifest_mismatch, std::move(message)});
}

const dumpfmt::TocEntry* find_entry(const dumpfmt::ArchiveHead& head, int dump_id) {
    for (const auto& parsed : head.toc) {
        if (parsed.entry.dump_id == dump_id) return &parsed.entry;
    }
    return nullptr;
}

std::error_code connect(const std::string& conninfo, CliContext& context, io::Connection& connection,
                        protocol::Diagnostics& diagnostics) {
    DumpCommandLine command_line;
    command_line.dbname = conninfo;
    command_line.no_password = true;
    ConnectionRequest request{command_line,    std::nullopt,           context.environment,
                              context.os_user, context.home_directory, context.read_service_file};
    ResolvedConnection resolved;
    if (auto error = resolve_connection(request, context.read_password_file, resolved, diagnostics)) {
        return error;
    }
    return connection.connect(resolved.params, diagnostics);
}

// Runs one table's COPY inside a savepoint, so a table whose columns changed
// fails alone instead of aborting the transaction for the tables after it.
void compare_table(pipeline::DumpSession& session, const dumpfmt::ManifestTable& table,
                   const std::string& copy_sql, DatabaseComparison& comparison) {
    io::Connection& connection = session.connection();
    protocol::Diagnostics diagnostics;
    if (connection.execute("SAVEPOINT wiredump_verify", diagnostics)) {
        add_difference(comparison, describe_table(table) + ": could not set a savepoint before its COPY");
        return;
    }

    dumpfmt::CopyDataHasher hasher;
    const auto error = connection.copy_out(
        copy_sql,
        [&](std::span<const std::uint8_t> piece, bool /*payload_end*/) {
            hasher.write(piece);
            return std::error_code();
        },
        diagnostics);
    if (error) {
        const auto& server_error = diagnostics.server_error();
        add_difference(comparison, describe_table(table) + ": " + copy_sql + " failed in the database: " +
                                       (server_error ? server_error->message : error.message()));
        protocol::Diagnostics rollback;
        connection.execute("ROLLBACK TO SAVEPOINT wiredump_verify", rollback);
        return;
    }
    hasher.finish();

    if (hasher.rows() != table.rows) {
        add_difference(comparison, describe_table(table) + " has " + std::to_string(hasher.rows()) +
                                       " rows in the database, but the manifest records " +
                                       std::to_string(table.rows));
    } else if (hasher.size() != table.bytes || hasher.digest() != table.hash) {
        add_difference(comparison, describe_table(table) + " has different data in the database: " +
                                       std::to_string(hasher.size()) + " bytes with hash " +
                                       hasher.digest().to_hex() + ", but the manifest records " +
                                       std::to_string(table.bytes) + " bytes with hash " + table.hash.to_hex());
    } else {
        comparison.notes.push_back(describe_table(table) + ": " + std::to_string(table.rows) +
                                   (table.rows == 1 ? " row matches" : " rows match") + " the database");
    }
    protocol::Diagnostics release;
    connection.execute("RELEASE SAVEPOINT wiredump_verify", release);
}

}  // namespace

std::string copy_to_statement(std::string_view copy_from_statement) {
    constexpr std::string_view prefix = "COPY ";
    constexpr std::string_view suffix = " FROM stdin;\n";
    if (!copy_from_statement.starts_with(prefix) || !copy_from_statement.ends_with(suffix) ||
        copy_from_statement.size() <= prefix.size() + suffix.size()) {
        return "";
    }
    copy_from_statement.remove_suffix(suffix.size());
    return std::string(copy_from_statement) + " TO stdout;";
}

namespace {

// Compares the partitions that the dump loaded through `root` by their total
// row count only. The restore routed each row through the root again, so a
// row may sit in another partition, in another order, than in the source.
// The rows of partitions that the dump loaded directly are left out of the
// count, because they are compared on their own.
void compare_through_root(io::Connection& connection, const std::string& root,
                          const std::vector<const dumpfmt::ManifestTable*>& partitions,
                          const std::vector<std::string>& direct_tables, DatabaseComparison& comparison) {
    std::uint64_t expected_rows = 0;
    std::string names;
    for (const dumpfmt::ManifestTable* partition : partitions) {
        expected_rows += partition->rows;
        names += (names.empty() ? "" : ", ") + partition->schema + "." + partition->name;
    }
    const std::string label = "tables loaded through partition root " + root + " (" + names + ")";

    std::string sql = "SELECT pg_catalog.count(*) FROM " + root;
    if (!direct_tables.empty()) {
        sql += " WHERE tableoid <> ALL (pg_catalog.array_remove(ARRAY[";
        for (std::size_t i = 0; i < direct_tables.size(); ++i) {
            sql += (i == 0 ? "pg_catalog.to_regclass(" : ", pg_catalog.to_regclass(") +
                   catalog::quote_literal(direct_tables[i], true) + ")::pg_catalog.oid";
        }
        sql += "], NULL))";
    }

    protocol::Diagnostics diagnostics;
    if (connection.execute("SAVEPOINT wiredump_verify", diagnostics)) {
        add_difference(comparison, label + ": could not set a savepoint before counting their rows");
        return;
    }
    protocol::QueryResult result;
    if (const auto error = connection.query(sql, result, diagnostics)) {
        const auto& server_error = diagnostics.server_error();
        add_difference(comparison, label + ": " + sql + " failed in the database: " +
                                       (server_error ? server_error->message : error.message()));
        protocol::Diagnostics rollback;
        connection.execute("ROLLBACK TO SAVEPOINT wiredump_verify", rollback);
        return;
    }
    protocol::Diagnostics release;
    connection.execute("RELEASE SAVEPOINT wiredump_verify", release);

    const bool counted = result.rows.size() == 1 && result.rows[0].size() == 1 && result.rows[0][0];
    const std::string rows = counted ? *result.rows[0][0] : "no";
    if (rows != std::to_string(expected_rows)) {
        add_difference(comparison, label + " have " + rows + " rows in the database, but the manifest records " +
                                       std::to_string(expected_rows));
    } else {
        comparison.notes.push_back(label + ": " + rows + (rows == "1" ? " row matches" : " rows match") +
                                   " the database (row count only, because the restore "
                                   "routed each row through the root)");
    }
}

void compare_tables(pipeline::DumpSession& session, const dumpfmt::ArchiveHead& head,
                    const dumpfmt::Manifest& manifest, const protocol::QueryResult& tables,
                    DatabaseComparison& comparison) {
    std::map<QualifiedName, DatabaseTable> database_tables;
    for (const auto& row : tables.rows) {
        if (row.size() == 3 && row[0] && row[1]) {
            database_tables.emplace(QualifiedName{*row[0], *row[1]}, DatabaseTable{false, row[2]});
        }
    }

    std::map<std::string, std::vector<const dumpfmt::ManifestTable*>> loaded_through_root;
    std::vector<std::string> direct_tables;  // quoted names of the tables compared on their own
    for (const dumpfmt::ManifestTable& table : manifest.tables) {
        const auto found = database_tables.find({table.schema, table.name});
        if (found == database_tables.end()) {
            add_difference(comparison, describe_table(table) + " is in the manifest but not in the database");
            continue;
        }
        found->second.matched = true;

        const dumpfmt::TocEntry* entry = find_entry(head, table.dump_id);
        const std::optional<CopyTarget> target =
            entry && entry->copy_statement ? parse_copy_from_statement(*entry->copy_statement) : std::nullopt;
        if (!target) {
            add_difference(comparison, describe_table(table) + " has no COPY statement in the archive's TOC, " +
                                           "so it cannot be read from the database the way the dump read it");
            continue;
        }
        const std::string definition = entry->definition.value_or("");
        if (definition.starts_with(load_via_root_marker)) {
            loaded_through_root[definition.substr(load_via_root_marker.size())].push_back(&table);
            continue;
        }

        // pg_dump reads a configuration table through the condition its
        // extension registered, and CREATE EXTENSION restores the other rows.
        const std::optional<std::string>& condition = found->second.config_condition;
        const std::string copy_sql = condition && !condition->empty()
                                         ? filtered_copy_to_statement(*target, *condition)
                                         : copy_to_statement(*entry->copy_statement);
        compare_table(session, table, copy_sql, comparison);
        direct_tables.push_back(target->table);
    }

    for (const auto& [root, partitions] : loaded_through_root) {
        compare_through_root(session.connection(), root, partitions, direct_tables, comparison);
    }

    for (const auto& [name, table] : database_tables) {
        if (!table.matched) {
            add_difference(comparison, "table " + name.first + "." + name.second +
                                           " is in the database but not in the manifest");
        }
    }
}

}  // namespace

std::error_code compare_with_database(const std::string& conninfo, const dumpfmt::ArchiveHead& head,
                                      const dumpfmt::Manifest& manifest, CliContext& context,
                                      DatabaseComparison& comparison, protocol::Diagnostics& diagnostics) {
    io::Connection connection;
    if (auto error = connect(conninfo, context, connection, diagnostics)) return error;

    pipeline::DumpSession session(connection);
    // NOTE: the manifest does not record --extra-float-digits, so a dump taken with 0 or below
    // has rounded float rows that this comparison, at the default 3, reports as different.
    if (auto error = session.begin(pipeline::SessionOptions{}, diagnostics)) return error;

    protocol::QueryResult tables;
    if (auto error = session.query(user_tables_query, tables, diagnostics)) {
        diagnostics.set_client_message("could not list the tables of the database to compare with");
        return error;
    }
    compare_tables(session, head, manifest, tables, comparison);
    compare_large_objects(session, manifest, comparison);

    connection.close();
    return {};
}

}  // namespace wiredump::cli
