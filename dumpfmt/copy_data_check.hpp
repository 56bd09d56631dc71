#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace wiredump::dumpfmt {

// Counts the columns in the column list of a TOC entry's COPY statement,
// "COPY schema.table (a, "b c") FROM stdin;". Quoted names may contain commas
// and doubled quotes. Returns 0 for a statement without a column list, which
// pg_dump writes for a table without columns, and nothing when the statement
// is not a COPY ... FROM stdin statement.
std::optional<std::size_t> count_copy_columns(std::string_view copy_statement);

// Checks the text-format COPY data of one TABLE DATA entry as it arrives in
// pieces: every row has `column_count` tab-separated fields, and the data ends
// with the line "\." that pg_dump writes after the rows, followed only by
// empty lines. Raw tabs and newlines are always separators, because COPY's
// text format writes them inside values as \t and \n.
class CopyDataChecker {
public:
    explicit CopyDataChecker(std::size_t column_count) : column_count_(column_count) {}

    // Consumes the next decompressed bytes. Records the first problem found
    // and ignores the rest of the data after it.
    void write(std::span<const std::uint8_t> data);

    // Checks the end of the data. Call once, after the last write().
    void finish();

    // Rows before the end marker.
    std::uint64_t rows() const { return rows_; }

    // The first problem, with a message naming the row and the offset in the
    // decompressed data. Empty while the data checks out.
    std::error_code error() const { return error_; }
    const std::string& error_message() const { return error_message_; }

private:
    void end_line();
    void fail(std::error_code error, std::string message);

    std::size_t column_count_;
    std::uint64_t rows_ = 0;
    std::uint64_t data_offset_ = 0;  // decompressed bytes consumed so far

    // The current line, kept as counts rather than bytes because a single
    // value can be up to 1 GB, PostgreSQL's limit for one field.
    std::uint64_t line_offset_ = 0;
    std::uint64_t line_length_ = 0;
    std::uint64_t line_tabs_ = 0;
    bool line_is_end_marker_prefix_ = true;  // the bytes so far are a prefix of "\."

    bool end_marker_seen_ = false;
    std::error_code error_;
    std::string error_message_;
};

}  // namespace wiredump::dumpfmt
