#pragma once

#include "catalog/query_runner.hpp"
#include "io/connection.hpp"
#include "pipeline/dump_options.hpp"

#include <chrono>
#include <cstddef>
#include <system_error>

namespace wiredump::pipeline {

// The dump's one connection, set up as pg_dump sets up its own. The
// search_path is empty, so every name in every query must be qualified.
// Output settings make values round-trip, and no timeout applies. Row
// security is off, so a dump fails instead of silently skipping rows. Every
// catalog query and COPY runs in one REPEATABLE READ, READ ONLY transaction.
// Unlike pg_dump, it turns JIT compilation off. SessionOptions change these settings as pg_dump's options do.
class DumpSession final : public catalog::QueryRunner {
public:
    explicit DumpSession(io::Connection& connection) : connection_(connection) {}

    // Sends the session settings and opens the snapshot's transaction.
    std::error_code begin(const SessionOptions& options, protocol::Diagnostics& diagnostics);

    std::error_code query(std::string_view sql, protocol::QueryResult& result,
                          protocol::Diagnostics& diagnostics) override;

    io::Connection& connection() { return connection_; }
    bool in_recovery() const { return in_recovery_; }

    // Queries sent through query() and the time spent waiting for their
    // results, for the verbose log's catalog timing.
    std::size_t query_count() const { return query_count_; }
    std::chrono::steady_clock::duration query_time() const { return query_time_; }

private:
    std::error_code run(std::string_view sql, protocol::Diagnostics& diagnostics);

    io::Connection& connection_;
    bool in_recovery_ = false;
    std::size_t query_count_ = 0;
    std::chrono::steady_clock::duration query_time_{};
};

}  // namespace wiredump::pipeline
