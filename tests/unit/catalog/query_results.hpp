#pragma once

#include "protocol/query_result.hpp"

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

}  // namespace wiredump::test
