#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::protocol {

// One column of a RowDescription.
struct ColumnDescription {
    std::string name;
    std::uint32_t table_oid = 0;
    std::int16_t column_number = 0;
    std::uint32_t type_oid = 0;
    std::int16_t type_size = 0;
    std::int32_t type_modifier = 0;
    std::int16_t format_code = 0;
};

// The rows of one statement of a simple query, all values in text format.
// A NULL value is std::nullopt, never an empty string.
struct QueryResult {
    std::vector<ColumnDescription> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::string command_tag;  // from CommandComplete, for example "SELECT 3"

    // Index of the column with this name, or -1 when there is none.
    int column_index(std::string_view name) const {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (columns[i].name == name) return static_cast<int>(i);
        }
        return -1;
    }
};

}  // namespace wiredump::protocol
