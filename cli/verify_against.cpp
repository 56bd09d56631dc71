#include "cli/verify_against.hpp"

#include "cli/large_object_comparison.hpp"
#include "dumpfmt/check_errc.hpp"
#include "io/connection.hpp"
#include "pipeline/dump_session.hpp"

#include <map>
#include <utility>

namespace wiredump::cli {
namespace {

using QualifiedName = std::pair<std::string, std::string>;  // schema, table

// Ordinary tables that pg_dump would dump data for: not in a system schema
// and not a member of an extension.
constexpr std::string_view user_tables_query =
    "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' "
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
    "WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e') "
    "ORDER BY 1, 2";

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
                                   " rows match the database");
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

void compare_tables(pipeline::DumpSession& session, const dumpfmt::ArchiveHead& head,
                    const dumpfmt::Manifest& manifest, const protocol::QueryResult& tables,
                    DatabaseComparison& comparison) {
    std::map<QualifiedName, bool> database_tables;  // true once a manifest table matched it
    for (const auto& row : tables.rows) {
        if (row.size() == 2 && row[0] && row[1]) database_tables.emplace(QualifiedName{*row[0], *row[1]}, false);
    }

    for (const dumpfmt::ManifestTable& table : manifest.tables) {
        const auto found = database_tables.find({table.schema, table.name});
        if (found == database_tables.end()) {
            add_difference(comparison, describe_table(table) + " is in the manifest but not in the database");
            continue;
        }
        found->second = true;

        const dumpfmt::TocEntry* entry = find_entry(head, table.dump_id);
        const std::string copy_sql =
            entry && entry->copy_statement ? copy_to_statement(*entry->copy_statement) : std::string();
        if (copy_sql.empty()) {
            add_difference(comparison, describe_table(table) + " has no COPY statement in the archive's TOC, " +
                                           "so it cannot be read from the database the way the dump read it");
            continue;
        }
        compare_table(session, table, copy_sql, comparison);
    }

    for (const auto& [name, matched] : database_tables) {
        if (!matched) {
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
