#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
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
