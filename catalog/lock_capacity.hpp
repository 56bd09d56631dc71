#pragma once

#include "catalog/query_runner.hpp"

#include <cstddef>
#include <string>
#include <system_error>

namespace wiredump::catalog {

// The server settings that size its shared lock table. PostgreSQL's
// documentation gives the table room for max_locks_per_transaction locks per
// connection and prepared transaction, and one transaction may use all of it.
struct LockTableSettings {
    long max_locks_per_transaction = 0;
    long max_connections = 0;
    long max_prepared_transactions = 0;
};

// The relations a dump holds ACCESS SHARE locks on until it ends: the tables
// that LOCK TABLE locks, and the sequences whose values are read with SELECT.
struct LockedRelationCount {
    std::size_t tables = 0;
    std::size_t sequences = 0;

    std::size_t total() const { return tables + sequences; }
};

// Reads the settings above. Call before taking the locks, because the dump's
// transaction is aborted once a LOCK TABLE fails.
std::error_code read_lock_table_settings(QueryRunner& runner, LockTableSettings& settings,
                                         protocol::Diagnostics& diagnostics);

// The smallest max_locks_per_transaction whose lock table, by the documented
// size, holds `relation_count` locks plus room for the catalogs the dump reads
// and for other sessions.
long max_locks_per_transaction_needed(std::size_t relation_count, const LockTableSettings& settings);

// Whether the failed query's server error is a full lock table. The server
// reports it as SQLSTATE 53200, out_of_memory, with a hint to raise
// max_locks_per_transaction.
bool is_lock_table_full(const protocol::Diagnostics& diagnostics);

// The message for a lock table that ran out while locking the dumped
// relations: their count, the settings, and a max_locks_per_transaction that
// fits.
std::string lock_table_full_message(const LockedRelationCount& relations, const LockTableSettings& settings);

}  // namespace wiredump::catalog
