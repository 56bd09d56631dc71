#include "protocol/session_state.hpp"

#include <cctype>

namespace wiredump::protocol {
namespace {

// Reads a run of decimal digits at position; returns -1 when there is none.
int read_number(std::string_view text, std::size_t& position) {
    if (position >= text.size() || !std::isdigit(static_cast<unsigned char>(text[position]))) return -1;

    int value = 0;
    while (position < text.size() && std::isdigit(static_cast<unsigned char>(text[position]))) {
        if (value > 100000) return -1;  // no real version part is this long
        value = value * 10 + (text[position] - '0');
        ++position;
    }
    return value;
}

// Reads ".<number>" at position, or returns 0 when the text has no such part.
int read_optional_part(std::string_view text, std::size_t& position) {
    if (position >= text.size() || text[position] != '.') return 0;

    std::size_t after_dot = position + 1;
    const int value = read_number(text, after_dot);
    if (value < 0) return 0;
    position = after_dot;
    return value;
}

}  // namespace

int parse_server_version_num(std::string_view server_version) {
    std::size_t position = 0;
    const int major = read_number(server_version, position);
    if (major <= 0) return 0;

    // From version 10 on, a version has two parts (major.minor); before that
    // it had three (major.minor.patch) with a two-part major version.
    const int second = read_optional_part(server_version, position);
    if (major >= 10) return major * 10000 + second;

    const int third = read_optional_part(server_version, position);
    return major * 10000 + second * 100 + third;
}

}  // namespace wiredump::protocol
