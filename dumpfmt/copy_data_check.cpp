#include "dumpfmt/copy_data_check.hpp"

#include "dumpfmt/check_errc.hpp"

#include <cctype>

namespace wiredump::dumpfmt {
namespace {

constexpr std::string_view end_marker = "\\.";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Moves past a double-quoted identifier that starts at text[position].
// Returns false when the closing quote is missing.
bool skip_quoted(std::string_view text, std::size_t& position) {
    ++position;
    while (position < text.size()) {
        if (text[position] == '"') {
            if (position + 1 < text.size() && text[position + 1] == '"') {
                position += 2;
                continue;
            }
            ++position;
            return true;
        }
        ++position;
    }
    return false;
}

}  // namespace

std::optional<std::size_t> count_copy_columns(std::string_view copy_statement) {
    if (!copy_statement.starts_with("COPY ")) {
        return std::nullopt;
    }
    const std::size_t from = copy_statement.rfind(" FROM stdin");
    if (from == std::string_view::npos) {
        return std::nullopt;
    }

    // The table name may itself be quoted and contain "(", so walk it
    // quote-aware up to the first unquoted parenthesis.
    std::size_t position = 5;
    while (position < from && copy_statement[position] != '(') {
        if (copy_statement[position] == '"') {
            if (!skip_quoted(copy_statement, position)) {
                return std::nullopt;
            }
        } else {
            ++position;
        }
    }
    if (position >= from) {
        return 0;
    }

    std::size_t columns = 1;
    ++position;
    while (position < from) {
        const char c = copy_statement[position];
        if (c == '"') {
            if (!skip_quoted(copy_statement, position)) {
                return std::nullopt;
            }
            continue;
        }
        if (c == ')') {
            return columns;
        }
        if (c == ',') {
            ++columns;
        } else if (!is_space(c) && c != '_' && !std::isalnum(static_cast<unsigned char>(c)) &&
                   static_cast<unsigned char>(c) < 0x80) {
            return std::nullopt;
        }
        ++position;
    }
    return std::nullopt;
}

void CopyDataChecker::fail(std::error_code error, std::string message) {
    if (!error_) {
        error_ = error;
        error_message_ = std::move(message);
    }
}

void CopyDataChecker::write(std::span<const std::uint8_t> data) {
    for (const std::uint8_t byte : data) {
        if (error_) {
            return;
        }
        const char c = static_cast<char>(byte);
        ++data_offset_;
        if (c == '\n') {
            end_line();
            line_offset_ = data_offset_;
            line_length_ = 0;
            line_tabs_ = 0;
            line_is_end_marker_prefix_ = true;
            continue;
        }

        if (line_is_end_marker_prefix_ &&
            (line_length_ >= end_marker.size() || end_marker[line_length_] != c)) {
            line_is_end_marker_prefix_ = false;
        }
        ++line_length_;
        if (c == '\t') {
            ++line_tabs_;
        }
    }
}

void CopyDataChecker::end_line() {
    const std::string where = " at decompressed byte " + std::to_string(line_offset_);
    if (end_marker_seen_) {
        if (line_length_ != 0) {
            fail(check_errc::data_after_end_marker, "a line of " + std::to_string(line_length_) +
                                                         " bytes follows the end-of-data line \\." + where);
        }
        return;
    }
    if (line_is_end_marker_prefix_ && line_length_ == end_marker.size()) {
        end_marker_seen_ = true;
        return;
    }

    ++rows_;
    // A table without columns has rows that are empty lines.
    const std::uint64_t fields = column_count_ == 0 && line_length_ == 0 ? 0 : line_tabs_ + 1;
    if (fields != column_count_) {
        fail(check_errc::field_count_mismatch, "row " + std::to_string(rows_) + where + " has " +
                                                    std::to_string(fields) + " fields, but the COPY column list has " +
                                                    std::to_string(column_count_));
    }
}

void CopyDataChecker::finish() {
    if (error_) {
        return;
    }
    if (line_length_ != 0) {
        fail(check_errc::unterminated_line, "the data ends inside a line of " + std::to_string(line_length_) +
                                                 " bytes that starts at decompressed byte " +
                                                 std::to_string(line_offset_));
        return;
    }
    if (!end_marker_seen_) {
        fail(check_errc::missing_end_marker, "the data ends after " + std::to_string(rows_) +
                                                  " rows without the end-of-data line \\.");
    }
}

}  // namespace wiredump::dumpfmt
