#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace wiredump::dumpfmt::test {

// Parses hex digits, skipping spaces and newlines, so that tests can quote
// hexdumps.
inline std::vector<std::uint8_t> from_hex(std::string_view text) {
    std::vector<std::uint8_t> out;
    int pending = -1;
    for (char c : text) {
        int digit = -1;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            digit = c - 'A' + 10;
        } else {
            continue;
        }
        if (pending < 0) {
            pending = digit;
        } else {
            out.push_back(static_cast<std::uint8_t>(pending * 16 + digit));
            pending = -1;
        }
    }
    return out;
}

// Text-like COPY rows with repeats both within and across 32 KiB windows, cut
// to exactly `size` bytes.
inline std::vector<std::uint8_t> sample_rows(std::size_t size, unsigned seed) {
    std::mt19937 generator(seed);
    std::vector<std::uint8_t> out;
    while (out.size() < size) {
        const std::string row = std::to_string(generator() % 5000) + "\tcustomer " +
                                std::to_string(generator() % 300) + "\t\\N\n";
        out.insert(out.end(), row.begin(), row.end());
    }
    out.resize(size);
    return out;
}

inline std::vector<std::uint8_t> from_text(std::string_view text) {
    return {text.begin(), text.end()};
}

// Archives made by pg_dump 15 (see tests/data/archives/README.md).
inline std::filesystem::path archive_path(std::string_view name) {
    return std::filesystem::path(WIREDUMP_TEST_DATA_DIR) / "archives" / name;
}

inline std::vector<std::uint8_t> load_archive(std::string_view name) {
    std::ifstream file(archive_path(name), std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

}  // namespace wiredump::dumpfmt::test
