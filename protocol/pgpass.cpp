#include "protocol/pgpass.hpp"

namespace wiredump::protocol {
namespace {

// Matches the field starting at `pos` against `expected`. On a match, moves
// `pos` past the field's terminating ":" and returns true. A line whose
// fields run out before the password never matches.
bool match_field(std::string_view line, std::size_t& pos, std::string_view expected) {
    if (line.substr(pos, 2) == "*:") {
        pos += 2;
        return true;
    }

    std::size_t matched = 0;
    while (pos < line.size()) {
        char c = line[pos];
        bool escaped = false;
        if (c == '\\' && pos + 1 < line.size()) {
            escaped = true;
            c = line[++pos];
        }
        // An unescaped ":" ends the field only once all of `expected` has
        // matched. Before that it matches a ":" in `expected`, as in libpq,
        // so an unescaped IPv6 host such as "::1" still matches.
        if (c == ':' && !escaped && matched == expected.size()) {
            ++pos;
            return true;
        }
        if (matched >= expected.size() || expected[matched] != c) {
            return false;
        }
        ++matched;
        ++pos;
    }
    return false;
}

std::string unescape_password(std::string_view field) {
    std::string password;
    for (std::size_t i = 0; i < field.size() && field[i] != ':'; ++i) {
        if (field[i] == '\\' && i + 1 < field.size()) {
            ++i;
        }
        password.push_back(field[i]);
    }
    return password;
}

}  // namespace

std::optional<std::string> find_pgpass_password(std::string_view file_text, const PgpassLookup& lookup,
                                                std::string_view default_socket_directory) {
    if (lookup.dbname.empty() || lookup.user.empty()) {
        return std::nullopt;
    }

    // libpq writes "localhost" in the file for both TCP to localhost and the
    // default unix socket directory.
    std::string_view host = lookup.host;
    if (host.empty() || host == default_socket_directory) {
        host = "localhost";
    }
    const std::string_view port = lookup.port.empty() ? std::string_view("5432") : std::string_view(lookup.port);

    std::size_t line_start = 0;
    while (line_start < file_text.size()) {
        std::size_t line_end = file_text.find('\n', line_start);
        if (line_end == std::string_view::npos) {
            line_end = file_text.size();
        }
        std::string_view line = file_text.substr(line_start, line_end - line_start);
        line_start = line_end + 1;

        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }

        std::size_t pos = 0;
        if (match_field(line, pos, host) && match_field(line, pos, port) &&
            match_field(line, pos, lookup.dbname) && match_field(line, pos, lookup.user)) {
            return unescape_password(line.substr(pos));
        }
    }
    return std::nullopt;
}

}  // namespace wiredump::protocol
