#pragma once

// Rows of text-format COPY output for the micro-benchmarks: tab-separated
// fields of numbers, repeated words and dates, each row ending in a newline.
// The content derives from the row number, so every run gets the same bytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wiredump::bench {

// Returns a row of exactly `size` bytes (at least 32), newline included.
inline std::string make_copy_row(std::uint64_t number, std::size_t size) {
    static const char* const words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"};
    std::string row = std::to_string(number);
    row += '\t';
    row += words[number % 7];
    row += '\t';
    row += std::to_string(number * 7919 % 1000003) + "." + std::to_string(number % 100);
    row += "\t2026-12-0" + std::to_string(1 + number % 9) + " 10:00:00+00\t";

    // Fill with words to the requested size, then cut and end the line.
    for (std::uint64_t word = number; row.size() < size; word += 3) {
        row += words[word % 7];
        row += ' ';
    }
    row.resize(size - 1);
    row += '\n';
    return row;
}

// Returns rows of `row_size` bytes, numbered from 1, that add up to at least `total_size` bytes.
inline std::vector<std::string> make_copy_rows(std::size_t total_size, std::size_t row_size) {
    std::vector<std::string> rows;
    for (std::size_t size = 0; size < total_size; size += row_size) {
        rows.push_back(make_copy_row(rows.size() + 1, row_size));
    }
    return rows;
}

}  // namespace wiredump::bench
