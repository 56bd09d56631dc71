#include "catalog/name_pattern.hpp"

#include "catalog/sql_quote.hpp"

#include <cstring>

namespace wiredump::catalog {

NamePatternParts split_name_pattern(std::string_view pattern, int max_parts) {
    NamePatternParts parts;
    parts.regexes.push_back("^(");
    bool in_quotes = false;
    bool in_first_part = true;

    auto append = [&](std::string_view regex, std::string_view literal) {
        parts.regexes.back() += regex;
        if (in_first_part) parts.first_part_literal += literal;
    };

    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        const bool next_is_quote = i + 1 < pattern.size() && pattern[i + 1] == '"';

        if (c == '"') {
            if (in_quotes && next_is_quote) {
                append("\"", "\"");
                ++i;
            } else {
                in_quotes = !in_quotes;
            }
        } else if (!in_quotes && c >= 'A' && c <= 'Z') {
            const char lower = static_cast<char>(c - 'A' + 'a');
            append(std::string_view(&lower, 1), std::string_view(&lower, 1));
        } else if (!in_quotes && c == '*') {
            append(".*", "*");
        } else if (!in_quotes && c == '?') {
            append(".", "?");
        } else if (!in_quotes && c == '.') {
            in_first_part = false;
            ++parts.dot_count;
            if (static_cast<int>(parts.regexes.size()) < max_parts) {
                parts.regexes.back() += ")$";
                parts.regexes.push_back("^(");
            } else {
                parts.regexes.back() += '.';
            }
        } else if (c == '$') {
            // Anchoring makes `$` useless as a regular expression, and it is
            // valid in identifiers, so it always matches itself.
            append("\\$", "$");
        } else {
            std::string regex;
            const bool special = std::strchr("|*+?()[]{}.^$\\", c) != nullptr;
            const bool array_brackets = c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ']';
            if ((in_quotes && special) || array_brackets) regex += '\\';
            regex += c;
            append(regex, std::string_view(&c, 1));
        }
    }
    parts.regexes.back() += ")$";
    return parts;
}

std::string name_pattern_conditions(const NamePatternParts& parts, std::string_view name_column,
                                    std::string_view schema_column,
                                    std::string_view visibility_rule,
                                    bool standard_conforming_strings) {
    std::vector<std::string> conditions;
    // Regular expression matches use the database's default collation, as
    // pg_dump requests on servers 12 and later, rather than the C collation
    // of the name columns.
    auto match = [&](std::string_view column, const std::string& regex) {
        if (regex == "^(.*)$") return;
        conditions.push_back(std::string(column) + " OPERATOR(pg_catalog.~) " +
                             quote_literal(regex, standard_conforming_strings) +
                             " COLLATE pg_catalog.default");
    };

    const std::size_t count = parts.regexes.size();
    match(name_column, parts.regexes[count - 1]);
    if (!schema_column.empty() && count >= 2) {
        match(schema_column, parts.regexes[count - 2]);
    } else if (!visibility_rule.empty()) {
        conditions.push_back(std::string(visibility_rule));
    }

    std::string sql;
    for (const auto& condition : conditions) {
        if (!sql.empty()) sql += " AND ";
        sql += condition;
    }
    return sql;
}

}  // namespace wiredump::catalog
