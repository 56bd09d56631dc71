#include "pipeline/dump_session.hpp"

#include "catalog/sql_quote.hpp"

#include <string>
#include <vector>

namespace wiredump::pipeline {

std::error_code DumpSession::run(std::string_view sql, protocol::Diagnostics& diagnostics) {
    auto error = connection_.execute(sql, diagnostics);
    if (error && diagnostics.client_message().empty()) {
        diagnostics.set_client_message("could not set up the dump session: query failed: " + std::string(sql));
    }
    return error;
}

std::error_code DumpSession::begin(const SessionOptions& options, protocol::Diagnostics& diagnostics) {
    if (auto error = run("SELECT pg_catalog.set_config('search_path', '', false)", diagnostics)) return error;

    const bool standard_strings = connection_.parameter("standard_conforming_strings") == "on";
    if (!options.encoding.empty()) {
        const std::string statement =
            "SET client_encoding TO " + catalog::quote_literal(options.encoding, standard_strings);
        if (auto error = connection_.execute(statement, diagnostics)) {
            diagnostics.set_client_message("invalid client encoding \"" + options.encoding +
                                           "\" specified (-E/--encoding)");
            return error;
        }
    }
    if (!options.role.empty()) {
        // Always quoted, because the server's keyword list is not read yet.
        std::string quoted = "\"";
        for (char c : options.role) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        const std::string statement = "SET ROLE " + quoted + "\"";
        if (auto error = run(statement, diagnostics)) return error;
    }

    // A standby has no unlogged table data to read, so pg_dump skips it there.
    protocol::QueryResult recovery;
    if (auto error = connection_.query("SELECT pg_catalog.pg_is_in_recovery()", recovery, diagnostics)) {
        return error;
    }
    in_recovery_ = !recovery.rows.empty() && recovery.rows[0][0] == std::optional<std::string>("t");

    const int version = connection_.server_version_num();
    const std::string float_digits =
        "SET extra_float_digits TO " + std::to_string(options.extra_float_digits.value_or(3));
    std::vector<std::string_view> settings = {
        "SET DATESTYLE = ISO",
        "SET INTERVALSTYLE = POSTGRES",
        float_digits,
        "SET synchronize_seqscans TO off",
        "SET statement_timeout = 0",
        "SET lock_timeout = 0",
        "SET idle_in_transaction_session_timeout = 0",
        // pg_dump leaves JIT on, but the catalog queries only pass jit_above_cost because they
        // scan whole catalogs, and compiling then cost more than running them. On PostgreSQL
        // 15 the functions query took 0.5 to 0.7 s with JIT and 2 to 8 ms without.
        "SET jit = off",
    };
    if (options.quote_all_identifiers) settings.push_back("SET quote_all_identifiers = true");
    if (version >= 170000) settings.push_back("SET transaction_timeout = 0");
    settings.push_back(options.enable_row_security ? "SET row_security = on" : "SET row_security = off");
    for (auto statement : settings) {
        if (auto error = run(statement, diagnostics)) return error;
    }

    // Servers patched in 2024 can refuse to run code from views and foreign
    // tables during the dump. Going through pg_settings makes this a no-op on
    // servers that lack the setting.
    // --include-foreign-data must read foreign tables, so only views stay forbidden then.
    const std::string restrict_sql =
        std::string("SELECT pg_catalog.set_config(name, '") +
        (options.reads_foreign_tables ? "view" : "view, foreign-table") +
        "', false) FROM pg_catalog.pg_settings WHERE name = 'restrict_nonsystem_relation_kind'";
    if (auto error = run(restrict_sql, diagnostics)) return error;

    if (auto error = run("BEGIN", diagnostics)) return error;
    const std::string_view isolation =
        options.serializable_deferrable
            ? "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE"
            : "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    if (auto error = run(isolation, diagnostics)) return error;
    if (options.snapshot.empty()) return {};
    return run("SET TRANSACTION SNAPSHOT " + catalog::quote_literal(options.snapshot, standard_strings),
               diagnostics);
}

std::error_code DumpSession::query(std::string_view sql, protocol::QueryResult& result,
                                   protocol::Diagnostics& diagnostics) {
    result = {};
    const auto started = std::chrono::steady_clock::now();
    std::error_code error = connection_.query(sql, result, diagnostics);
    query_time_ += std::chrono::steady_clock::now() - started;
    ++query_count_;
    return error;
}

}  // namespace wiredump::pipeline
