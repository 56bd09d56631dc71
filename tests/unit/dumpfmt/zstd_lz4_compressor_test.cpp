#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/compressor_lz4.hpp"
#include "dumpfmt/compressor_zstd.hpp"
#include "dumpfmt/errc.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <lz4frame.h>
#include <zstd.h>


using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::sample_rows;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

struct Output {
    Bytes bytes;
    std::size_t pieces = 0;
    std::size_t largest_piece = 0;
    bool empty_piece = false;
};

// Compresses `input` in writes of `step` bytes through a StreamCompressor.
Output compress(const Compression& compression, const Bytes& input, std::size_t step) {
    Output output;
    std::unique_ptr<StreamCompressor> compressor;
    Diagnostics diagnostics;
    auto sink = [&](std::span<const std::uint8_t> piece) {
        output.pieces += 1;
        output.largest_piece = std::max(output.largest_piece, piece.size());
        output.empty_piece = output.empty_piece || piece.empty();
        output.bytes.insert(output.bytes.end(), piece.begin(), piece.end());
        return std::error_code();
    };
    REQUIRE_FALSE(make_stream_compressor(compression, sink, compressor, diagnostics));

    for (std::size_t offset = 0; offset < input.size(); offset += step) {
        const std::size_t count = std::min(step, input.size() - offset);
        REQUIRE_FALSE(compressor->write(std::span(input).subspan(offset, count)));
    }
    REQUIRE_FALSE(compressor->finish());
    return output;
}

// Decompresses with plain libzstd and requires one whole frame with nothing after it.
Bytes decompress_zstd(const Bytes& frame) {
    CHECK(ZSTD_findFrameCompressedSize(frame.data(), frame.size()) == frame.size());
    ZSTD_DCtx* context = ZSTD_createDCtx();
    Bytes out(1 << 16);
    Bytes result;
    ZSTD_inBuffer input{frame.data(), frame.size(), 0};
    std::size_t remaining = 1;
    while (input.pos < input.size || remaining != 0) {
        ZSTD_outBuffer output{out.data(), out.size(), 0};
        remaining = ZSTD_decompressStream(context, &output, &input);
        REQUIRE_FALSE(ZSTD_isError(remaining));
        result.insert(result.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(output.pos));
        if (output.pos == 0 && input.pos == input.size && remaining != 0) {
            FAIL("the zstd frame ends early");
        }
    }
    ZSTD_freeDCtx(context);
    return result;
}

// Decompresses with plain liblz4 and requires one whole frame with nothing after it.
Bytes decompress_lz4(const Bytes& frame) {
    LZ4F_dctx* context = nullptr;
    REQUIRE_FALSE(LZ4F_isError(LZ4F_createDecompressionContext(&context, LZ4F_VERSION)));
    Bytes out(1 << 16);
    Bytes result;
    std::size_t offset = 0;
    std::size_t hint = 1;
    while (offset < frame.size()) {
        std::size_t out_size = out.size();
        std::size_t in_size = frame.size() - offset;
        hint = LZ4F_decompress(context, out.data(), &out_size, frame.data() + offset, &in_size, nullptr);
        REQUIRE_FALSE(LZ4F_isError(hint));
        result.insert(result.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(out_size));
        offset += in_size;
        if (hint == 0) {
            break;
        }
    }
    CHECK(hint == 0);
    CHECK(offset == frame.size());
    LZ4F_freeDecompressionContext(context);
    return result;
}

// Sizes around zstd's and lz4's block sizes (128 KiB and 64 KiB) and our 16 KiB chunks.
const std::size_t sizes[] = {0, 1, 100, 16 * 1024, 16 * 1024 + 1, 64 * 1024, 64 * 1024 + 1,
                             128 * 1024, 128 * 1024 + 1, 1000000};

}  // namespace

TEST_CASE("zstd compressor round trip", "[dumpfmt][zstd]") {
    for (unsigned threads : {1u, 3u}) {
        for (std::size_t size : sizes) {
            for (std::size_t step : {std::size_t{7}, std::size_t{100000}}) {
                INFO("threads " << threads << ", size " << size << ", step " << step);
                const Bytes input = sample_rows(size, static_cast<unsigned>(size));
                Compression compression{CompressionAlgorithm::zstd, 3, threads};
                const Output output = compress(compression, input, step);
                CHECK_FALSE(output.empty_piece);
                CHECK(output.largest_piece <= max_chunk_size);
                CHECK(decompress_zstd(output.bytes) == input);
            }
        }
    }
}

TEST_CASE("zstd compressor levels and long mode", "[dumpfmt][zstd]") {
    const Bytes input = sample_rows(300000, 7);
    Compression fast{CompressionAlgorithm::zstd, 1, 1};
    Compression strong{CompressionAlgorithm::zstd, 19, 1};
    Compression long_distance{CompressionAlgorithm::zstd, 3, 1, true};
    const Output fast_output = compress(fast, input, 5000);
    const Output strong_output = compress(strong, input, 5000);
    CHECK(decompress_zstd(fast_output.bytes) == input);
    CHECK(decompress_zstd(strong_output.bytes) == input);
    CHECK(decompress_zstd(compress(long_distance, input, 5000).bytes) == input);
    CHECK(strong_output.bytes.size() < fast_output.bytes.size());
}

TEST_CASE("zstd compressor within memory limits", "[dumpfmt][zstd]") {
    // The limits lower level 22's tables and window and drop the workers, and
    // a decoder with default limits must still read the frame.
    const Bytes input = sample_rows(1000000, 11);
    for (bool long_distance : {false, true}) {
        INFO("long " << long_distance);
        Compression strongest{CompressionAlgorithm::zstd, ZSTD_maxCLevel(), 4, long_distance};
        CHECK(decompress_zstd(compress(strongest, input, 100000).bytes) == input);
    }
    Compression fast_parallel{CompressionAlgorithm::zstd, 1, 4};
    CHECK(decompress_zstd(compress(fast_parallel, input, 100000).bytes) == input);
}

TEST_CASE("zstd compressor rejects bad level", "[dumpfmt][zstd]") {
    std::unique_ptr<StreamCompressor> compressor;
    Diagnostics diagnostics;
    const Compression compression{CompressionAlgorithm::zstd, ZSTD_maxCLevel() + 1, 1};
    const auto sink = [](std::span<const std::uint8_t>) { return std::error_code(); };
    CHECK(make_stream_compressor(compression, sink, compressor, diagnostics) == errc::invalid_argument);
    CHECK(diagnostics.client_message().find("invalid zstd level") != std::string::npos);
}

TEST_CASE("zstd workers are available", "[dumpfmt][zstd]") {
    // Debian 12's libzstd is built with multithreading. Where it is not, the
    // compressor compresses on the caller's thread.
    CHECK(ZstdCompressor::supports_workers());
}

TEST_CASE("lz4 compressor round trip", "[dumpfmt][lz4]") {
    for (int level : {0, 9}) {
        for (std::size_t size : sizes) {
            for (std::size_t step : {std::size_t{7}, std::size_t{100000}}) {
                INFO("level " << level << ", size " << size << ", step " << step);
                const Bytes input = sample_rows(size, static_cast<unsigned>(size) + 1);
                const Output output = compress({CompressionAlgorithm::lz4, level, 1}, input, step);
                CHECK_FALSE(output.empty_piece);
                CHECK(output.largest_piece <= max_chunk_size);
                CHECK(decompress_lz4(output.bytes) == input);
            }
        }
    }
}

TEST_CASE("lz4 compressor frame header", "[dumpfmt][lz4]") {
    const Output output = compress({CompressionAlgorithm::lz4, 0, 1}, {}, 1);
    REQUIRE(output.bytes.size() >= 4);
    // The LZ4 frame magic number 0x184D2204, little-endian.
    CHECK(output.bytes[0] == 0x04);
    CHECK(output.bytes[1] == 0x22);
    CHECK(output.bytes[2] == 0x4D);
    CHECK(output.bytes[3] == 0x18);
}

TEST_CASE("lz4 compressor rejects bad level", "[dumpfmt][lz4]") {
    std::unique_ptr<StreamCompressor> compressor;
    Diagnostics diagnostics;
    const auto sink = [](std::span<const std::uint8_t>) { return std::error_code(); };
    CHECK(make_stream_compressor({CompressionAlgorithm::lz4, 13, 1}, sink, compressor, diagnostics) ==
          errc::invalid_argument);
    CHECK(diagnostics.client_message().find("invalid lz4 level 13") != std::string::npos);
}

namespace {

// Reads a data block: type 1, dump id, length-prefixed chunks, zero length.
// Returns the joined chunks.
Bytes read_data_block(const Bytes& block, int dump_id) {
    REQUIRE(block.size() > 11);
    CHECK(block[0] == 1);
    CHECK(Bytes(block.begin() + 1, block.begin() + 6) == Bytes{0, static_cast<std::uint8_t>(dump_id), 0, 0, 0});

    Bytes member;
    std::size_t offset = 6;
    while (true) {
        REQUIRE(offset + 5 <= block.size());
        CHECK(block[offset] == 0);
        const std::size_t length = block[offset + 1] | block[offset + 2] << 8 | block[offset + 3] << 16 |
                                   static_cast<std::size_t>(block[offset + 4]) << 24;
        offset += 5;
        if (length == 0) {
            break;
        }
        member.insert(member.end(), block.begin() + static_cast<std::ptrdiff_t>(offset),
                      block.begin() + static_cast<std::ptrdiff_t>(offset + length));
        offset += length;
    }
    CHECK(offset == block.size());
    return member;
}

Bytes write_data_block(const Compression& compression, const Bytes& rows, int dump_id) {
    Bytes block;
    DataBlockWriter writer(
        [&](std::span<const std::uint8_t> bytes) {
            block.insert(block.end(), bytes.begin(), bytes.end());
            return std::error_code();
        },
        compression);
    Diagnostics diagnostics;
    REQUIRE_FALSE(writer.begin(dump_id, diagnostics));
    REQUIRE_FALSE(writer.write(rows));
    REQUIRE_FALSE(writer.finish());
    return block;
}

}  // namespace

TEST_CASE("zstd data block framing", "[dumpfmt][zstd]") {
    for (std::size_t size : {std::size_t{0}, std::size_t{50000}}) {
        const Bytes rows = sample_rows(size, 3);
        const Bytes block = write_data_block({CompressionAlgorithm::zstd, 3, 1}, rows, 5);
        CHECK(decompress_zstd(read_data_block(block, 5)) == rows);
    }
}

TEST_CASE("lz4 data block framing", "[dumpfmt][lz4]") {
    // The frame header must follow the block header, not precede it.
    for (std::size_t size : {std::size_t{0}, std::size_t{50000}}) {
        const Bytes rows = sample_rows(size, 4);
        const Bytes block = write_data_block({CompressionAlgorithm::lz4, 0, 1}, rows, 6);
        CHECK(decompress_lz4(read_data_block(block, 6)) == rows);
    }
}
