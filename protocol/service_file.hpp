#pragma once

#include "protocol/conninfo.hpp"
#include "protocol/diagnostics.hpp"

#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::protocol {

// Failures of the connection service file parser. The message in Diagnostics
// names the file and the line.
enum class service_file_errc {
    syntax_error = 1,  // a line in the service's section without "=", or with an unknown keyword
    nested_service,    // a "service=" line inside a service section
};

const std::error_category& service_file_category();

inline std::error_code make_error_code(service_file_errc value) {
    return {static_cast<int>(value), service_file_category()};
}

struct ServiceSection {
    bool found = false;
    // The section's settings in file order; a keyword may repeat.
    std::vector<ConninfoOption> options;
};

// Reads the section "[service]" of a connection service file
// (pg_service.conf) with libpq 15's rules:
//  - Leading and trailing whitespace of a line is ignored, and empty lines
//    and lines starting with "#" are skipped.
//  - "[name]" starts a section. Only the first section with the wanted name
//    is read, and the next "[" line ends it.
//  - Inside that section each line is "keyword=value", split at the first
//    "="; the keyword must be a libpq connection keyword other than
//    "service", and the value is taken literally (no quotes, no escapes).
//  - Lines outside the wanted section are not checked.
// file_name is used only in messages, which never contain a value.
std::error_code parse_service_file(std::string_view text, std::string_view file_name, std::string_view service,
                                   ServiceSection& section, Diagnostics& diagnostics);

}  // namespace wiredump::protocol

template <>
struct std::is_error_code_enum<wiredump::protocol::service_file_errc> : std::true_type {};
