#pragma once

#include "dumpfmt/encoding.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace wiredump::dumpfmt::test {

// A data block of dump id 1 whose member is `stream` cut into chunks of
// `chunk_size` bytes, for the decompressor tests.
inline std::vector<std::uint8_t> block_of(const std::vector<std::uint8_t>& stream, std::size_t chunk_size) {
    std::vector<std::uint8_t> out{1};
    append_int(out, 1);
    for (std::size_t offset = 0; offset < stream.size(); offset += chunk_size) {
        const std::size_t count = std::min(chunk_size, stream.size() - offset);
        append_int(out, static_cast<std::int32_t>(count));
        out.insert(out.end(), stream.begin() + static_cast<std::ptrdiff_t>(offset),
                   stream.begin() + static_cast<std::ptrdiff_t>(offset + count));
    }
    append_int(out, 0);
    return out;
}

}  // namespace wiredump::dumpfmt::test
