#pragma once

#include "catalog/query_runner.hpp"
#include "protocol/query_result.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::test {

// A query result with the given column names and text values (nullopt is NULL).
inline protocol::QueryResult make_result(std::vector<std::string> names,
                                         std::vector<std::vector<std::optional<std::string>>> rows) {
    protocol::QueryResult result;
    for (auto& name : names) result.columns.push_back({name});
    result.rows = std::move(rows);
    return result;
}

// The error a server sends when its shared lock table is full.
inline protocol::ServerError out_of_shared_memory() {
    protocol::ServerError error;
    error.severity = "ERROR";
    error.sqlstate = "53200";
    error.message = "out of shared memory";
    error.hint = "You might need to increase max_locks_per_transaction.";
    return error;
}

// Returns the next scripted step for each query: a result, or the server
// error of a full lock table. Keeps the SQL it was sent.
class ScriptedRunner final : public catalog::QueryRunner {
public:
    struct Step {
        protocol::QueryResult result;
        bool lock_table_full = false;
    };
    std::deque<Step> steps;
    std::vector<std::string> sent;

    std::error_code query(std::string_view sql, protocol::QueryResult& result,
                          protocol::Diagnostics& diagnostics) override {
        sent.emplace_back(sql);
        REQUIRE_FALSE(steps.empty());
        Step step = std::move(steps.front());
        steps.pop_front();
        if (step.lock_table_full) {
            diagnostics.set_server_error(out_of_shared_memory());
            return std::make_error_code(std::errc::not_enough_memory);
        }
        result = std::move(step.result);
        return {};
    }
};

}  // namespace wiredump::test
