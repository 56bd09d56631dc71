// Feeds arbitrary bytes to the COPY statement parser and the COPY data checker
// that wiredump verify runs on every table's data. The first line is taken as
// the COPY statement and the rest as the data, written in pieces of varying
// size so that line and end-marker handling across piece borders is exercised.
// The only property checked is that no input crashes or misbehaves.

#include "dumpfmt/copy_data_check.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto newline = text.find('\n');
    std::string_view statement = text.substr(0, newline);
    auto columns = wiredump::dumpfmt::count_copy_columns(statement);

    if (newline == std::string_view::npos) return 0;
    std::span<const std::uint8_t> rest(data + newline + 1, size - newline - 1);

    wiredump::dumpfmt::CopyDataChecker checker(columns.value_or(1));
    std::size_t piece = 1;
    while (!rest.empty()) {
        auto length = std::min(piece, rest.size());
        checker.write(rest.first(length));
        rest = rest.subspan(length);
        piece = piece * 3 + 1;
    }
    checker.finish();
    (void)checker.rows();
    return 0;
}
