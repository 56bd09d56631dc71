#pragma once

#include "protocol/diagnostics.hpp"
#include "protocol/query_result.hpp"

#include <string_view>
#include <system_error>

namespace wiredump::catalog {

// Runs SQL inside the dump's transaction. The catalog readers depend on this
// interface instead of on the connection, so they build without Asio.
class QueryRunner {
public:
    virtual ~QueryRunner() = default;

    // Runs one statement and returns its rows (none for a utility statement).
    virtual std::error_code query(std::string_view sql, protocol::QueryResult& result,
                                  protocol::Diagnostics& diagnostics) = 0;
};

}  // namespace wiredump::catalog
