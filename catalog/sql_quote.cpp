#include "catalog/sql_quote.hpp"

namespace wiredump::catalog {

namespace {

bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit_ascii(char c) { return c >= '0' && c <= '9'; }

bool needs_quotes(std::string_view name, const KeywordSet& keywords) {
    if (name.empty()) return true;
    if (!is_lower_ascii(name.front()) && name.front() != '_') return true;
    for (char c : name) {
        if (!is_lower_ascii(c) && !is_digit_ascii(c) && c != '_') return true;
    }
    return keywords.contains(name);
}

}  // namespace

std::string quote_identifier(std::string_view name, const KeywordSet& keywords) {
    if (!keywords.quote_all() && !needs_quotes(name, keywords)) return std::string(name);

    std::string quoted;
    quoted.reserve(name.size() + 2);
    quoted.push_back('"');
    for (char c : name) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

std::string qualified_name(std::string_view schema, std::string_view name,
                           const KeywordSet& keywords) {
    return quote_identifier(schema, keywords) + "." + quote_identifier(name, keywords);
}

std::string quote_literal(std::string_view value, bool standard_conforming_strings) {
    std::string quoted;
    quoted.reserve(value.size() + 2);
    quoted.push_back('\'');
    for (char c : value) {
        if (c == '\'' || (c == '\\' && !standard_conforming_strings)) quoted.push_back(c);
        quoted.push_back(c);
    }
    quoted.push_back('\'');
    return quoted;
}

}  // namespace wiredump::catalog
