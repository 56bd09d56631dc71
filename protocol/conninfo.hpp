#pragma once

#include "protocol/diagnostics.hpp"

#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::protocol {

// Failures of the connection string and URI parser. The message in
// Diagnostics names the offending text and its byte position.
enum class conninfo_errc {
    invalid_option = 1,        // a keyword libpq does not know
    missing_equals,            // a keyword not followed by "="
    unterminated_quote,        // a single-quoted value without its closing quote
    invalid_percent_encoding,  // "%" not followed by two hexadecimal digits
    percent_encoded_nul,       // "%00", which cannot be passed on to the server
    invalid_ipv6_host,         // "[" without "]", or an empty "[]"
    unexpected_character,      // text after "]" that is not ":", "/", "?" or ","
    missing_query_separator,   // a URI query parameter without "="
    extra_query_separator,     // a URI query parameter with a second "="
    invalid_query_parameter,   // a URI query parameter libpq does not know
    nul_byte,                  // a NUL byte, which no connection parameter may contain
};

const std::error_category& conninfo_category();

inline std::error_code make_error_code(conninfo_errc value) {
    return {static_cast<int>(value), conninfo_category()};
}

// One keyword/value pair, in the order it appeared. A keyword may repeat, and
// then the later value wins, as in libpq.
struct ConninfoOption {
    std::string keyword;
    std::string value;

    bool operator==(const ConninfoOption&) const = default;
};

// True for the connection keywords of libpq 15 and for require_auth,
// sslcertmode, load_balance_hosts, gssdelegation, sslnegotiation,
// min_protocol_version and max_protocol_version, which later libpq versions
// added. The parsers also accept "requiressl" and store
// it as sslmode.
bool is_conninfo_keyword(std::string_view keyword);

// True when a database name argument is really a connection string: it
// starts with "postgresql://" or "postgres://" or contains "=". This is the
// test libpq applies to the dbname of PQconnectdbParams with expand_dbname.
bool is_connection_string(std::string_view text);

// Parses a libpq connection string, either "keyword=value ..." or a
// "postgresql://" / "postgres://" URI, into options in order of appearance.
//
// A URI with several hosts yields one "host" and one "port" option that
// contain comma-separated lists, as libpq stores them. An empty list element
// means the default. Error messages never contain a password.
std::error_code parse_connection_string(std::string_view text, std::vector<ConninfoOption>& options,
                                        Diagnostics& diagnostics);

// Parses only the "keyword=value" form. A value ends at whitespace unless it
// is single-quoted, and a backslash escapes the next character in both cases.
std::error_code parse_keyword_value_string(std::string_view text, std::vector<ConninfoOption>& options,
                                           Diagnostics& diagnostics);

// Parses only the URI form:
// postgresql://[user[:password]@][host][:port][,...][/dbname][?keyword=value&...]
std::error_code parse_connection_uri(std::string_view text, std::vector<ConninfoOption>& options,
                                     Diagnostics& diagnostics);

}  // namespace wiredump::protocol

template <>
struct std::is_error_code_enum<wiredump::protocol::conninfo_errc> : std::true_type {};
