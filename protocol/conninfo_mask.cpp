#include "protocol/conninfo_mask.hpp"

namespace wiredump::protocol {
namespace {

constexpr std::string_view mask = "********";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Masks the value of the "password" parameter in a URI query.
std::string mask_uri_query(std::string_view query) {
    std::string result;
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view parameter = query.substr(start, end - start);
        if (parameter.starts_with("password=")) {
            result += "password=";
            result += mask;
        } else {
            result += parameter;
        }
        if (end < query.size()) result += '&';
        start = end + 1;
    }
    return result;
}

std::string mask_uri(std::string_view text, std::size_t prefix_length) {
    const std::size_t authority_end = text.find_first_of("/?", prefix_length);
    const std::string_view authority = text.substr(prefix_length, authority_end == std::string_view::npos
                                                                       ? std::string_view::npos
                                                                       : authority_end - prefix_length);
    std::string result(text.substr(0, prefix_length));

    // Masking runs to the last "@" of the authority, so a password with an
    // unencoded "@" stays hidden too.
    const std::size_t at = authority.rfind('@');
    const std::size_t colon = at == std::string_view::npos ? std::string_view::npos : authority.find(':');
    if (colon != std::string_view::npos && colon < at) {
        result += authority.substr(0, colon + 1);
        result += mask;
        result += authority.substr(at);
    } else {
        result += authority;
    }
    if (authority_end == std::string_view::npos) return result;

    const std::string_view rest = text.substr(authority_end);
    const std::size_t question = rest.find('?');
    if (question == std::string_view::npos) return result + std::string(rest);
    return result + std::string(rest.substr(0, question + 1)) + mask_uri_query(rest.substr(question + 1));
}

// Masks "password = value" in a keyword/value string, where the value is a
// run of non-space characters or a single-quoted string with backslash
// escapes.
std::string mask_keyword_value(std::string_view text) {
    std::string result;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t found = text.find("password", pos);
        if (found == std::string_view::npos) break;
        const bool starts_word = found == 0 || is_space(text[found - 1]);
        std::size_t cursor = found + 8;
        while (cursor < text.size() && is_space(text[cursor])) ++cursor;
        if (!starts_word || cursor >= text.size() || text[cursor] != '=') {
            result += text.substr(pos, found + 8 - pos);
            pos = found + 8;
            continue;
        }
        ++cursor;
        while (cursor < text.size() && is_space(text[cursor])) ++cursor;
        result += text.substr(pos, cursor - pos);
        result += mask;

        if (cursor < text.size() && text[cursor] == '\'') {
            ++cursor;
            while (cursor < text.size() && text[cursor] != '\'') cursor += text[cursor] == '\\' ? 2 : 1;
            ++cursor;
        } else {
            while (cursor < text.size() && !is_space(text[cursor])) cursor += text[cursor] == '\\' ? 2 : 1;
        }
        pos = std::min(cursor, text.size());
    }
    if (pos < text.size()) result += text.substr(pos);
    return result;
}

}  // namespace

std::string mask_connection_string_password(std::string_view text) {
    for (const std::string_view prefix : {std::string_view("postgresql://"), std::string_view("postgres://")}) {
        if (text.starts_with(prefix)) return mask_uri(text, prefix.size());
    }
    return mask_keyword_value(text);
}

}  // namespace wiredump::protocol
