#include "protocol/conninfo.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace wiredump::protocol {
namespace {

class ConninfoCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.conninfo"; }

    std::string message(int value) const override {
        switch (static_cast<conninfo_errc>(value)) {
        case conninfo_errc::invalid_option:
            return "invalid connection option";
        case conninfo_errc::missing_equals:
            return "missing \"=\" after a keyword in connection info string";
        case conninfo_errc::unterminated_quote:
            return "unterminated quoted value in connection info string";
        case conninfo_errc::invalid_percent_encoding:
            return "invalid percent-encoded token in connection URI";
        case conninfo_errc::percent_encoded_nul:
            return "forbidden value %00 in percent-encoded connection URI";
        case conninfo_errc::invalid_ipv6_host:
            return "invalid IPv6 host address in connection URI";
        case conninfo_errc::unexpected_character:
            return "unexpected character in connection URI";
        case conninfo_errc::missing_query_separator:
            return "missing \"=\" in connection URI query parameter";
        case conninfo_errc::extra_query_separator:
            return "extra \"=\" in connection URI query parameter";
        case conninfo_errc::invalid_query_parameter:
            return "invalid connection URI query parameter";
        case conninfo_errc::nul_byte:
            return "connection string contains a NUL byte";
        }
        return "unknown connection string error";
    }
};

// The keywords PQconndefaults() lists in libpq 15.20, followed by seven that
// later libpq versions added (min_protocol_version and max_protocol_version
// in libpq 18). "authtype" and "tty" are not in libpq 15 and
// are rejected, as libpq 15 rejects them.
// NOTE: the later keywords are from the libpq 16 to 18 documentation
// and were not checked against a running libpq 16 or 17.
constexpr std::array<std::string_view, 43> known_keywords = {
    "service", "user", "password", "passfile", "channel_binding", "connect_timeout",
    "dbname", "host", "hostaddr", "port", "client_encoding", "options",
    "application_name", "fallback_application_name", "keepalives", "keepalives_idle",
    "keepalives_interval", "keepalives_count", "tcp_user_timeout", "sslmode",
    "sslnegotiation", "sslcompression", "sslcert", "sslkey", "sslcertmode",
    "sslpassword", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer",
    "require_auth", "ssl_min_protocol_version", "ssl_max_protocol_version",
    "gssencmode", "krbsrvname", "gsslib", "gssdelegation", "replication",
    "target_session_attrs", "load_balance_hosts", "min_protocol_version", "max_protocol_version",
};

constexpr std::string_view postgresql_prefix = "postgresql://";
constexpr std::string_view postgres_prefix = "postgres://";

std::size_t uri_prefix_length(std::string_view text) {
    if (text.starts_with(postgresql_prefix)) {
        return postgresql_prefix.size();
    }
    if (text.starts_with(postgres_prefix)) {
        return postgres_prefix.size();
    }
    return 0;
}

// The same characters as isspace() in the C locale, which libpq uses.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

std::string at_position(std::size_t offset) {
    return " at position " + std::to_string(offset + 1);
}

std::error_code fail(Diagnostics& diagnostics, conninfo_errc code, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return code;
}

// Appends an option, translating the obsolete "requiressl" as libpq does:
// "1..." means sslmode=require and anything else sslmode=prefer.
std::error_code store_option(std::string keyword, std::string value, std::size_t offset,
                             std::vector<ConninfoOption>& options, Diagnostics& diagnostics) {
    if (keyword == "requiressl") {
        value = (!value.empty() && value.front() == '1') ? "require" : "prefer";
        keyword = "sslmode";
    }
    if (!is_conninfo_keyword(keyword)) {
        return fail(diagnostics, conninfo_errc::invalid_option,
                    "invalid connection option " + quoted(keyword) + at_position(offset) +
                        "; check the spelling against the libpq connection parameters");
    }
    options.push_back({std::move(keyword), std::move(value)});
    return {};
}

std::optional<int> hex_digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return std::nullopt;
}

// Decodes one URI component that starts at byte `offset` of the URI.
// `label` names the component in messages. A secret is named but its text is
// never shown.
std::error_code percent_decode(std::string_view component, std::size_t offset, std::string_view label,
                               bool is_secret, std::string& decoded, Diagnostics& diagnostics) {
    const std::string shown = is_secret ? std::string(label) : std::string(label) + " " + quoted(component);
    decoded.clear();

    for (std::size_t i = 0; i < component.size(); ++i) {
        if (component[i] != '%') {
            decoded.push_back(component[i]);
            continue;
        }

        std::optional<int> high = i + 1 < component.size() ? hex_digit_value(component[i + 1]) : std::nullopt;
        std::optional<int> low = i + 2 < component.size() ? hex_digit_value(component[i + 2]) : std::nullopt;
        if (!high || !low) {
            return fail(diagnostics, conninfo_errc::invalid_percent_encoding,
                        "invalid percent-encoded token in " + shown + at_position(offset + i) +
                            "; \"%\" must be followed by two hexadecimal digits, and a literal \"%\" is written %25");
        }

        const int byte = *high * 16 + *low;
        if (byte == 0) {
            return fail(diagnostics, conninfo_errc::percent_encoded_nul,
                        "forbidden value %00 in " + shown + at_position(offset + i) +
                            "; a connection parameter cannot contain a NUL byte");
        }
        decoded.push_back(static_cast<char>(byte));
        i += 2;
    }
    return {};
}

std::error_code store_decoded(std::string keyword, std::string_view component, std::size_t offset,
                              std::vector<ConninfoOption>& options, Diagnostics& diagnostics) {
    const bool is_secret = keyword == "password";
    const std::string label = is_secret ? "the password" : "the " + keyword;
    std::string value;
    if (auto error = percent_decode(component, offset, label, is_secret, value, diagnostics)) {
        return error;
    }
    options.push_back({std::move(keyword), std::move(value)});
    return {};
}

// Parses the text after "?": keyword=value pairs joined by "&", both parts
// percent-encoded. "ssl=true" means sslmode=require, for JDBC compatibility.
std::error_code parse_query(std::string_view uri, std::size_t start, std::vector<ConninfoOption>& options,
                            Diagnostics& diagnostics) {
    std::size_t pos = start;
    while (pos < uri.size()) {
        const std::size_t end = std::min(uri.find('&', pos), uri.size());
        const std::string_view parameter = uri.substr(pos, end - pos);
        const std::size_t equals = parameter.find('=');

        if (equals == std::string_view::npos) {
            return fail(diagnostics, conninfo_errc::missing_query_separator,
                        "missing \"=\" in URI query parameter " + quoted(parameter) + at_position(pos) +
                            "; write each parameter as keyword=value");
        }
        if (parameter.find('=', equals + 1) != std::string_view::npos) {
            return fail(diagnostics, conninfo_errc::extra_query_separator,
                        "extra \"=\" in URI query parameter " + quoted(parameter.substr(0, equals)) +
                            at_position(pos) + "; percent-encode a \"=\" inside a value as %3D");
        }

        std::string keyword;
        if (auto error = percent_decode(parameter.substr(0, equals), pos, "the query parameter name", false,
                                        keyword, diagnostics)) {
            return error;
        }
        const std::size_t value_offset = pos + equals + 1;
        const bool is_secret = keyword == "password" || keyword == "sslpassword";
        std::string value;
        if (auto error = percent_decode(parameter.substr(equals + 1), value_offset,
                                        "the value of " + quoted(keyword), is_secret, value, diagnostics)) {
            return error;
        }

        if (keyword == "ssl" && value == "true") {
            keyword = "sslmode";
            value = "require";
        }
        if (keyword != "requiressl" && !is_conninfo_keyword(keyword)) {
            return fail(diagnostics, conninfo_errc::invalid_query_parameter,
                        "invalid URI query parameter " + quoted(keyword) + at_position(pos) +
                            "; check the spelling against the libpq connection parameters");
        }
        if (auto error = store_option(std::move(keyword), std::move(value), pos, options, diagnostics)) {
            return error;
        }

        // A "&" at the very end ends the list, as in libpq. An empty
        // parameter between two "&" has no "=" and fails above.
        pos = end + 1;
    }
    return {};
}

// Reads the value that starts at `pos` and moves `pos` past it. A quoted
// value may contain spaces and runs to the closing quote. An unquoted value
// runs to the next whitespace. In both, a backslash takes the next character
// literally. Returns false when a quoted value has no closing quote.
bool read_value(std::string_view text, std::size_t& pos, std::string& value) {
    if (pos >= text.size() || text[pos] != '\'') {
        while (pos < text.size() && !is_space(text[pos])) {
            if (text[pos] == '\\') {
                ++pos;
                if (pos >= text.size()) {
                    break;
                }
            }
            value.push_back(text[pos++]);
        }
        return true;
    }

    ++pos;
    while (pos < text.size()) {
        if (text[pos] == '\\') {
            ++pos;
            if (pos < text.size()) {
                value.push_back(text[pos++]);
            }
            continue;
        }
        if (text[pos] == '\'') {
            ++pos;
            return true;
        }
        value.push_back(text[pos++]);
    }
    return false;
}

struct HostList {
    std::string hosts;
    std::string ports;
    std::size_t hosts_offset = 0;
    std::size_t ports_offset = 0;
};

// Reads "host[:port][,host[:port]]..." from `pos` and returns the offset of
// the character that ended it ("/", "?" or the end of the URI).
std::error_code parse_hosts(std::string_view uri, std::size_t& pos, HostList& list, Diagnostics& diagnostics) {
    list.hosts_offset = pos;
    bool first_port = true;

    for (;;) {
        if (pos < uri.size() && uri[pos] == '[') {
            const std::size_t close = uri.find(']', pos + 1);
            if (close == std::string_view::npos) {
                return fail(diagnostics, conninfo_errc::invalid_ipv6_host,
                            "missing \"]\" after the IPv6 host address starting" + at_position(pos) + " in URI");
            }
            if (close == pos + 1) {
                return fail(diagnostics, conninfo_errc::invalid_ipv6_host,
                            "empty IPv6 host address \"[]\"" + at_position(pos) + " in URI");
            }
            list.hosts.append(uri.substr(pos + 1, close - pos - 1));
            pos = close + 1;

            if (pos < uri.size() && std::string_view(":/?,").find(uri[pos]) == std::string_view::npos) {
                return fail(diagnostics, conninfo_errc::unexpected_character,
                            "unexpected character " + quoted(uri.substr(pos, 1)) + at_position(pos) +
                                " in URI; expected \":\", \"/\", \"?\" or \",\" after \"]\"");
            }
        } else {
            const std::size_t end = std::min(uri.find_first_of(":/?,", pos), uri.size());
            list.hosts.append(uri.substr(pos, end - pos));
            pos = end;
        }

        if (pos < uri.size() && uri[pos] == ':') {
            ++pos;
            if (first_port) {
                list.ports_offset = pos;
                first_port = false;
            }
            const std::size_t end = std::min(uri.find_first_of("/?,", pos), uri.size());
            list.ports.append(uri.substr(pos, end - pos));
            pos = end;
        }

        if (pos >= uri.size() || uri[pos] != ',') {
            return {};
        }
        ++pos;
        list.hosts.push_back(',');
        list.ports.push_back(',');
    }
}

}  // namespace

const std::error_category& conninfo_category() {
    static const ConninfoCategory category;
    return category;
}

bool is_conninfo_keyword(std::string_view keyword) {
    return std::find(known_keywords.begin(), known_keywords.end(), keyword) != known_keywords.end();
}

bool is_connection_string(std::string_view text) {
    return uri_prefix_length(text) != 0 || text.find('=') != std::string_view::npos;
}

std::error_code parse_connection_string(std::string_view text, std::vector<ConninfoOption>& options,
                                        Diagnostics& diagnostics) {
    if (uri_prefix_length(text) != 0) {
        return parse_connection_uri(text, options, diagnostics);
    }
    return parse_keyword_value_string(text, options, diagnostics);
}

std::error_code parse_keyword_value_string(std::string_view text, std::vector<ConninfoOption>& options,
                                           Diagnostics& diagnostics) {
    const std::size_t nul = text.find('\0');
    if (nul != std::string_view::npos) {
        return fail(diagnostics, conninfo_errc::nul_byte, "connection string contains a NUL byte" + at_position(nul));
    }

    // An unquoted password value ends at the first space, so the next word
    // may be the rest of that password. Messages then must not quote it.
    bool follows_unquoted_password = false;
    std::size_t pos = 0;

    while (pos < text.size()) {
        if (is_space(text[pos])) {
            ++pos;
            continue;
        }

        // The keyword runs to "=" or whitespace, and whitespace may precede "=".
        const std::size_t keyword_start = pos;
        while (pos < text.size() && text[pos] != '=' && !is_space(text[pos])) {
            ++pos;
        }
        const std::string keyword(text.substr(keyword_start, pos - keyword_start));
        while (pos < text.size() && is_space(text[pos])) {
            ++pos;
        }

        if (pos >= text.size() || text[pos] != '=') {
            const std::string shown = follows_unquoted_password
                                          ? std::string("the word after the value of \"password\"")
                                          : quoted(keyword);
            return fail(diagnostics, conninfo_errc::missing_equals,
                        "missing \"=\" after " + shown + at_position(keyword_start) +
                            " in connection info string; write keyword=value, and single-quote a value "
                            "that contains spaces");
        }
        ++pos;
        while (pos < text.size() && is_space(text[pos])) {
            ++pos;
        }

        const bool is_quoted = pos < text.size() && text[pos] == '\'';
        std::string value;
        if (!read_value(text, pos, value)) {
            return fail(diagnostics, conninfo_errc::unterminated_quote,
                        "missing closing \"'\" for the value of " + quoted(keyword) + at_position(keyword_start) +
                            " in connection info string");
        }

        if (follows_unquoted_password && !is_conninfo_keyword(keyword) && keyword != "requiressl") {
            return fail(diagnostics, conninfo_errc::invalid_option,
                        "invalid connection option after the value of \"password\"" + at_position(keyword_start) +
                            "; single-quote a password that contains spaces");
        }
        follows_unquoted_password = keyword == "password" && !is_quoted;
        if (auto error = store_option(keyword, std::move(value), keyword_start, options, diagnostics)) {
            return error;
        }
    }
    return {};
}

std::error_code parse_connection_uri(std::string_view text, std::vector<ConninfoOption>& options,
                                     Diagnostics& diagnostics) {
    const std::size_t prefix = uri_prefix_length(text);
    if (prefix == 0) {
        return fail(diagnostics, conninfo_errc::invalid_option,
                    "a connection URI must start with \"postgresql://\" or \"postgres://\"");
    }
    const std::size_t nul = text.find('\0');
    if (nul != std::string_view::npos) {
        return fail(diagnostics, conninfo_errc::nul_byte, "connection URI contains a NUL byte" + at_position(nul));
    }

    // User information is present when an "@" comes before the first "/".
    // Like libpq, a "?" does not end this search.
    std::size_t pos = prefix;
    const std::size_t at_or_slash = text.find_first_of("@/", pos);
    if (at_or_slash != std::string_view::npos && text[at_or_slash] == '@') {
        const std::string_view user_info = text.substr(pos, at_or_slash - pos);
        const std::size_t colon = user_info.find(':');
        const std::string_view user = user_info.substr(0, colon);
        if (!user.empty()) {
            if (auto error = store_decoded("user", user, pos, options, diagnostics)) {
                return error;
            }
        }
        if (colon != std::string_view::npos && colon + 1 < user_info.size()) {
            if (auto error = store_decoded("password", user_info.substr(colon + 1), pos + colon + 1, options,
                                           diagnostics)) {
                return error;
            }
        }
        pos = at_or_slash + 1;
    }

    // Hosts and ports are decoded as whole comma-separated lists, as libpq
    // does, so an encoded "%2C" also separates hosts.
    HostList list;
    if (auto error = parse_hosts(text, pos, list, diagnostics)) {
        return error;
    }
    if (!list.hosts.empty()) {
        if (auto error = store_decoded("host", list.hosts, list.hosts_offset, options, diagnostics)) {
            return error;
        }
    }
    if (!list.ports.empty()) {
        if (auto error = store_decoded("port", list.ports, list.ports_offset, options, diagnostics)) {
            return error;
        }
    }

    // An empty "/dbname" is skipped so that PGDATABASE still applies.
    if (pos < text.size() && text[pos] == '/') {
        ++pos;
        const std::size_t end = std::min(text.find('?', pos), text.size());
        const std::string_view dbname = text.substr(pos, end - pos);
        if (!dbname.empty()) {
            if (auto error = store_decoded("dbname", dbname, pos, options, diagnostics)) {
                return error;
            }
        }
        pos = end;
    }

    if (pos < text.size() && text[pos] == '?') {
        return parse_query(text, pos + 1, options, diagnostics);
    }
    return {};
}

}  // namespace wiredump::protocol
