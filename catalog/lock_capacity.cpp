#include "catalog/lock_capacity.hpp"

#include "catalog/errc.hpp"

#include <algorithm>
#include <charconv>

namespace wiredump::catalog {
namespace {

// Locks beyond the dumped relations: catalog relations the dump reads, and other
// sessions' locks. An estimate, kept generous because a larger setting only
// costs shared memory.
constexpr std::size_t lock_headroom = 256;

long to_long(const std::optional<std::string>& text) {
    long value = 0;
    if (text) std::from_chars(text->data(), text->data() + text->size(), value);
    return value;
}

}  // namespace

std::error_code read_lock_table_settings(QueryRunner& runner, LockTableSettings& settings,
                                         protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    auto error = runner.query("SELECT pg_catalog.current_setting('max_locks_per_transaction'), "
                              "pg_catalog.current_setting('max_connections'), "
                              "pg_catalog.current_setting('max_prepared_transactions')",
                              result, diagnostics);
    if (error) {
        diagnostics.set_client_message("could not read the server's lock table settings");
        return error;
    }
    if (result.rows.size() != 1 || result.rows[0].size() != 3) {
        diagnostics.set_client_message("could not read the server's lock table settings: unexpected result");
        return errc::missing_result_column;
    }
    settings.max_locks_per_transaction = to_long(result.rows[0][0]);
    settings.max_connections = to_long(result.rows[0][1]);
    settings.max_prepared_transactions = to_long(result.rows[0][2]);
    return {};
}

long max_locks_per_transaction_needed(std::size_t relation_count, const LockTableSettings& settings) {
    const long slots = std::max(1L, settings.max_connections + settings.max_prepared_transactions);
    const long locks = static_cast<long>(relation_count + lock_headroom);
    return std::max(settings.max_locks_per_transaction + 1, (locks + slots - 1) / slots);
}

bool is_lock_table_full(const protocol::Diagnostics& diagnostics) {
    return diagnostics.server_error() && diagnostics.server_error()->sqlstate == "53200";
}

std::string lock_table_full_message(const LockedRelationCount& relations, const LockTableSettings& settings) {
    return "could not lock the " + std::to_string(relations.total()) + " relations to dump (" +
           std::to_string(relations.tables) + " tables, " + std::to_string(relations.sequences) +
           " sequences): the server's lock table is full (max_locks_per_transaction = " +
           std::to_string(settings.max_locks_per_transaction) +
           ", max_connections = " + std::to_string(settings.max_connections) +
           ", max_prepared_transactions = " + std::to_string(settings.max_prepared_transactions) +
           "); set max_locks_per_transaction to at least " +
           std::to_string(max_locks_per_transaction_needed(relations.total(), settings)) +
           " on the server, restart it, and dump again";
}

}  // namespace wiredump::catalog
