#pragma once

#include "dumpfmt/compressor_zlib_parallel.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>
#include <zlib.h>

namespace wiredump::dumpfmt::test {

using Bytes = std::vector<std::uint8_t>;

// Compresses `input` with ParallelZlibCompressor in pieces of `step` bytes
// and returns the stream. A block_size of 0 is the engine's default.
inline Bytes compress_in_blocks(const Bytes& input, int level, unsigned threads, DeflateEngine engine,
                                std::size_t block_size, std::size_t step, std::size_t* largest_piece = nullptr) {
    Bytes out;
    ParallelZlibCompressor compressor(
        [&](std::span<const std::uint8_t> bytes) {
            if (largest_piece) {
                *largest_piece = std::max(*largest_piece, bytes.size());
            }
            out.insert(out.end(), bytes.begin(), bytes.end());
            return std::error_code();
        },
        level, threads, engine, block_size);

    for (std::size_t offset = 0; offset < input.size(); offset += step) {
        const std::size_t count = std::min(step, input.size() - offset);
        REQUIRE_FALSE(compressor.write(std::span(input).subspan(offset, count)));
    }
    REQUIRE_FALSE(compressor.finish());
    return out;
}

// Inflates with zlib itself and requires exactly one stream with nothing after it.
inline Bytes inflate_one_stream(const Bytes& stream) {
    z_stream inflater{};
    REQUIRE(inflateInit(&inflater) == Z_OK);
    Bytes out(1 << 16);
    Bytes result;
    inflater.next_in = const_cast<Bytef*>(stream.data());
    inflater.avail_in = static_cast<uInt>(stream.size());
    int status = Z_OK;
    while (status == Z_OK) {
        inflater.next_out = out.data();
        inflater.avail_out = static_cast<uInt>(out.size());
        status = inflate(&inflater, Z_NO_FLUSH);
        result.insert(result.end(), out.begin(), out.end() - inflater.avail_out);
    }
    CHECK(status == Z_STREAM_END);
    CHECK(inflater.avail_in == 0);
    inflateEnd(&inflater);
    return result;
}

}  // namespace wiredump::dumpfmt::test
