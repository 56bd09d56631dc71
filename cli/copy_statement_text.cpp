#include "cli/copy_statement_text.hpp"

#include <algorithm>

namespace wiredump::cli {

namespace {

// The length of the identifier at the start of `text`: a double-quoted one
// with "" for a quote inside, or a bare one up to a dot or a space. Returns 0
// for an unterminated quote.
std::size_t identifier_length(std::string_view text) {
    if (!text.starts_with('"')) return std::min(text.find_first_of(". "), text.size());
    std::size_t position = 1;
    while (position < text.size()) {
        if (text[position] != '"') {
            ++position;
        } else if (position + 1 < text.size() && text[position + 1] == '"') {
            position += 2;
        } else {
            return position + 1;
        }
    }
    return 0;
}

}  // namespace

std::optional<CopyTarget> parse_copy_from_statement(std::string_view statement) {
    constexpr std::string_view prefix = "COPY ";
    constexpr std::string_view suffix = " FROM stdin;\n";
    if (!statement.starts_with(prefix) || !statement.ends_with(suffix)) return std::nullopt;
    std::string_view body = statement.substr(prefix.size(), statement.size() - prefix.size() - suffix.size());

    // The qualified name is identifiers joined by dots, up to the first space outside quotes.
    std::size_t name_length = 0;
    while (true) {
        const std::size_t length = identifier_length(body.substr(name_length));
        if (length == 0) return std::nullopt;
        name_length += length;
        if (name_length >= body.size() || body[name_length] != '.') break;
        ++name_length;
    }

    CopyTarget target;
    target.table = std::string(body.substr(0, name_length));
    std::string_view columns = body.substr(name_length);
    if (columns.starts_with(' ')) columns.remove_prefix(1);
    if (columns.empty()) return target;
    if (!columns.starts_with('(') || !columns.ends_with(')')) return std::nullopt;
    target.columns = std::string(columns.substr(1, columns.size() - 2));
    return target;
}

std::string filtered_copy_to_statement(const CopyTarget& target, std::string_view condition) {
    const std::string select_list = target.columns.empty() ? "*" : target.columns;
    std::string sql = "COPY (SELECT " + select_list + " FROM " + target.table;
    if (!condition.empty()) sql += " " + std::string(condition);
    return sql + ") TO stdout;";
}

}  // namespace wiredump::cli
