#include "catalog/result_columns.hpp"

#include "catalog/query_runner.hpp"
#include "catalog/errc.hpp"

#include <charconv>

namespace wiredump::catalog {

std::error_code ResultColumns::bind(const protocol::QueryResult& result,
                                    std::initializer_list<std::string_view> names,
                                    std::string_view what, protocol::Diagnostics& diagnostics) {
    result_ = &result;
    indexes_.clear();
    for (std::string_view name : names) {
        int index = result.column_index(name);
        if (index < 0) {
            diagnostics.set_client_message("could not read " + std::string(what) +
                                           ": the server's result has no column \"" +
                                           std::string(name) +
                                           "\"; the server version may not be supported");
            return make_error_code(errc::missing_result_column);
        }
        indexes_.push_back(index);
    }
    return {};
}

const std::optional<std::string>& ResultColumns::cell(std::size_t row, std::size_t column) const {
    return result_->rows[row][static_cast<std::size_t>(indexes_[column])];
}

bool ResultColumns::is_null(std::size_t row, std::size_t column) const {
    return !cell(row, column).has_value();
}

std::string ResultColumns::text(std::size_t row, std::size_t column) const {
    const auto& value = cell(row, column);
    return value ? *value : std::string();
}

std::optional<std::string> ResultColumns::optional_text(std::size_t row, std::size_t column) const {
    return cell(row, column);
}

std::uint32_t ResultColumns::oid(std::size_t row, std::size_t column) const {
    const auto& value = cell(row, column);
    if (!value) return 0;
    std::uint32_t parsed = 0;
    std::from_chars(value->data(), value->data() + value->size(), parsed);
    return parsed;
}

std::int64_t ResultColumns::integer(std::size_t row, std::size_t column) const {
    const auto& value = cell(row, column);
    if (!value) return 0;
    std::int64_t parsed = 0;
    std::from_chars(value->data(), value->data() + value->size(), parsed);
    return parsed;
}

bool ResultColumns::boolean(std::size_t row, std::size_t column) const {
    const auto& value = cell(row, column);
    return value && *value == "t";
}

std::vector<std::string> parse_text_array(std::string_view literal) {
    std::vector<std::string> elements;
    if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}') return elements;
    std::string_view body = literal.substr(1, literal.size() - 2);
    if (body.empty()) return elements;

    std::size_t i = 0;
    while (i <= body.size()) {
        std::string element;
        bool quoted = false;
        if (i < body.size() && body[i] == '"') {
            quoted = true;
            ++i;
            while (i < body.size() && body[i] != '"') {
                if (body[i] == '\\' && i + 1 < body.size()) ++i;
                element.push_back(body[i]);
                ++i;
            }
            ++i;  // closing quote
        } else {
            while (i < body.size() && body[i] != ',') {
                element.push_back(body[i]);
                ++i;
            }
        }
        if (!quoted && element == "NULL") element.clear();
        elements.push_back(std::move(element));
        ++i;  // the comma
    }
    return elements;
}

std::vector<std::int64_t> parse_int_vector(std::string_view text) {
    std::vector<std::int64_t> numbers;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (i == start) break;
        std::int64_t value = 0;
        std::from_chars(text.data() + start, text.data() + i, value);
        numbers.push_back(value);
    }
    return numbers;
}

std::error_code run_catalog_query(QueryRunner& runner, std::string_view sql, std::string_view what,
                                  protocol::QueryResult& result,
                                  protocol::Diagnostics& diagnostics) {
    result = {};
    std::error_code error = runner.query(sql, result, diagnostics);
    if (!error) return {};

    std::string message = "could not read " + std::string(what);
    if (diagnostics.server_error()) {
        message += ": " + diagnostics.server_error()->message;
    } else if (!diagnostics.client_message().empty()) {
        message += ": " + diagnostics.client_message();
    }
    diagnostics.set_client_message(std::move(message));
    return error;
}

std::error_code query_catalog_columns(QueryRunner& runner, std::string_view sql,
                                      std::string_view what,
                                      std::initializer_list<std::string_view> names,
                                      protocol::QueryResult& result, ResultColumns& columns,
                                      protocol::Diagnostics& diagnostics) {
    if (auto error = run_catalog_query(runner, sql, what, result, diagnostics)) return error;
    return columns.bind(result, names, what, diagnostics);
}

std::string oid_array_literal(const std::vector<std::uint32_t>& oids) {
    std::string literal = "'{";
    for (std::size_t i = 0; i < oids.size(); ++i) {
        if (i > 0) literal.push_back(',');
        literal += std::to_string(oids[i]);
    }
    literal += "}'::pg_catalog.oid[]";
    return literal;
}

}  // namespace wiredump::catalog
