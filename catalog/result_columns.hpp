#pragma once

#include "protocol/diagnostics.hpp"
#include "protocol/query_result.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::catalog {

// Typed access to the text-format columns of one catalog query, by name.
// bind() resolves every name once, so a missing column is reported before any
// row is read, and the accessors index rows without further lookups.
class ResultColumns {
public:
    // Resolves the named columns. On a missing one, sets a client message that
    // names the column and what was being read.
    std::error_code bind(const protocol::QueryResult& result,
                         std::initializer_list<std::string_view> names, std::string_view what,
                         protocol::Diagnostics& diagnostics);

    std::size_t row_count() const { return result_->rows.size(); }

    bool is_null(std::size_t row, std::size_t column) const;
    // The value, or "" for NULL.
    std::string text(std::size_t row, std::size_t column) const;
    std::optional<std::string> optional_text(std::size_t row, std::size_t column) const;
    // Unsigned 32-bit value such as an OID, or 0 for NULL or unparsable text.
    std::uint32_t oid(std::size_t row, std::size_t column) const;
    // Signed value, or 0 for NULL or unparsable text.
    std::int64_t integer(std::size_t row, std::size_t column) const;
    // True only for the text "t".
    bool boolean(std::size_t row, std::size_t column) const;

private:
    const std::optional<std::string>& cell(std::size_t row, std::size_t column) const;

    const protocol::QueryResult* result_ = nullptr;
    std::vector<int> indexes_;
};

// Splits a one-dimensional array literal such as {a,"b c",NULL} into its
// elements, removing quotes and backslash escapes. NULL elements become "".
std::vector<std::string> parse_text_array(std::string_view literal);

// Splits an int2vector or oidvector value such as "1 3 2" into numbers.
std::vector<std::int64_t> parse_int_vector(std::string_view text);

// Runs one catalog query. On failure sets a client message
// "could not read <what>: <server message>" and keeps the server error.
std::error_code run_catalog_query(class QueryRunner& runner, std::string_view sql,
                                  std::string_view what, protocol::QueryResult& result,
                                  protocol::Diagnostics& diagnostics);

// Runs one catalog query and binds the named columns of its result, as
// run_catalog_query() and ResultColumns::bind() do, naming `what` in the
// message of either failure. Leaves `columns` unbound when the query fails.
std::error_code query_catalog_columns(class QueryRunner& runner, std::string_view sql,
                                      std::string_view what,
                                      std::initializer_list<std::string_view> names,
                                      protocol::QueryResult& result, ResultColumns& columns,
                                      protocol::Diagnostics& diagnostics);

// Writes an OID array literal '{1,2,3}'::pg_catalog.oid[] for set-based reads.
std::string oid_array_literal(const std::vector<std::uint32_t>& oids);

}  // namespace wiredump::catalog
