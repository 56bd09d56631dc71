#pragma once

#include <system_error>

namespace wiredump::catalog {

// Failures found while reading the catalogs. A server error keeps the
// error_code that the QueryRunner returned instead.
enum class errc {
    missing_result_column = 1,   // a catalog query's result lacks a column this reader needs
    unsupported_server_version,  // the server is older than the oldest version the readers know
    no_matching_objects,         // a -n, -t or -e pattern matched nothing
    invalid_name_pattern,        // a pattern has too many dotted parts or names another database
};

const std::error_category& catalog_category();

inline std::error_code make_error_code(errc value) {
    return {static_cast<int>(value), catalog_category()};
}

}  // namespace wiredump::catalog

template <>
struct std::is_error_code_enum<wiredump::catalog::errc> : std::true_type {};
