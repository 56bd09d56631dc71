#pragma once

#include "catalog/query_runner.hpp"
#include "ddl/object_graph.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

// A QueryRunner that returns canned results for catalog queries, so that an
// object kind's read() can be tested without a server.
namespace wiredump::ddl::testing {

using Row = std::vector<std::optional<std::string>>;

inline protocol::QueryResult make_result(std::vector<std::string> names, std::vector<Row> rows) {
    protocol::QueryResult result;
    for (auto& name : names) {
        protocol::ColumnDescription column;
        column.name = std::move(name);
        result.columns.push_back(column);
    }
    result.rows = std::move(rows);
    return result;
}

// Returns for each query the result whose key occurs in the SQL. A query
// that matches no key, or whose position equals fail_at, fails as a server
// error would.
class ScriptedRunner final : public catalog::QueryRunner {
public:
    std::map<std::string, protocol::QueryResult> results;
    std::vector<std::string> sent;
    int fail_at = -1;

    std::error_code query(std::string_view sql, protocol::QueryResult& result,
                          protocol::Diagnostics& diagnostics) override {
        sent.emplace_back(sql);
        const bool injected = static_cast<int>(sent.size()) - 1 == fail_at;
        for (const auto& [key, canned] : results) {
            if (injected || sql.find(key) == std::string_view::npos) continue;
            result = canned;
            return {};
        }
        protocol::ServerError error;
        error.severity = "ERROR";
        error.message = injected ? "injected failure" : "unexpected statement in test";
        diagnostics.set_server_error(error);
        return std::make_error_code(std::errc::invalid_argument);
    }
};

inline std::vector<PlannedEntry> build_entries(const ObjectGraph& graph, int index) {
    std::vector<PlannedEntry> entries;
    graph.at(index).build_entries(index, entries);
    return entries;
}

}  // namespace wiredump::ddl::testing
