#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/compressor_zlib_parallel.hpp"
#include "dumpfmt/errc.hpp"
#include "test_bytes.hpp"
#include "zlib_streams.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <zlib.h>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::from_hex;
using wiredump::dumpfmt::test::sample_rows;
using wiredump::dumpfmt::test::compress_in_blocks;
using wiredump::dumpfmt::test::inflate_one_stream;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

// Compresses `input` with the zlib engine in pieces of `step` bytes.
Bytes compress_parallel(const Bytes& input, int level, unsigned threads, std::size_t block_size,
                        std::size_t step, std::size_t* largest_piece = nullptr) {
    return compress_in_blocks(input, level, threads, DeflateEngine::zlib, block_size, step, largest_piece);
}

}  // namespace

TEST_CASE("parallel zlib round trip", "[dumpfmt][parallel]") {
    const std::size_t sizes[] = {0, 1, 1000, 32 * 1024, 32 * 1024 + 1, 100000, 700000};
    for (unsigned threads : {1u, 2u, 4u, 8u}) {
        for (std::size_t size : sizes) {
            INFO("threads " << threads << ", size " << size);
            const Bytes input = sample_rows(size, static_cast<unsigned>(size));
            const Bytes stream = compress_parallel(input, 9, threads, 32 * 1024, 5000);
            CHECK(inflate_one_stream(stream) == input);
        }
    }
}

TEST_CASE("parallel zlib block boundaries", "[dumpfmt][parallel]") {
    const std::size_t block = ParallelZlibCompressor::default_block_size;
    const std::size_t sizes[] = {0, 1, 2, 3, block - 1, block, block + 1, 2 * block, 3 * block - 1, 5 * block + 7};
    for (unsigned threads : {1u, 2u, 8u}) {
        for (std::size_t size : sizes) {
            INFO("threads " << threads << ", size " << size);
            const Bytes input = sample_rows(size, static_cast<unsigned>(size) + 11);
            const Bytes stream = compress_parallel(input, 9, threads, block, 65536);
            CHECK(inflate_one_stream(stream) == input);
        }
    }
}

TEST_CASE("parallel zlib large input", "[dumpfmt][parallel]") {
    // 8 MiB in COPY-sized pieces: 64 blocks, many more than the pool holds, so
    // the writer waits on the pool and the Adler-32 is combined many times.
    const Bytes input = sample_rows(8 << 20, 7);
    for (unsigned threads : {1u, 2u, 8u}) {
        INFO("threads " << threads);
        const Bytes stream = compress_parallel(input, 6, threads, ParallelZlibCompressor::default_block_size, 8191);
        CHECK(inflate_one_stream(stream) == input);
    }
}

TEST_CASE("parallel zlib incompressible input", "[dumpfmt][parallel]") {
    std::mt19937 generator(8);
    Bytes input(600000);
    for (auto& byte : input) {
        byte = static_cast<std::uint8_t>(generator());
    }
    for (int level : {0, 1, 9}) {
        INFO("level " << level);
        const Bytes stream = compress_parallel(input, level, 2, 64 * 1024, 10000);
        CHECK(inflate_one_stream(stream) == input);
    }
}

TEST_CASE("parallel zlib one block needs no thread", "[dumpfmt][parallel]") {
    Bytes out;
    auto sink = [&](std::span<const std::uint8_t> bytes) {
        out.insert(out.end(), bytes.begin(), bytes.end());
        return std::error_code();
    };
    const Bytes small = sample_rows(ParallelZlibCompressor::default_block_size, 9);

    ParallelZlibCompressor single_block(sink, 9, 4);
    REQUIRE_FALSE(single_block.write(small));
    REQUIRE_FALSE(single_block.finish());
    CHECK(single_block.started_threads() == 0);
    CHECK(inflate_one_stream(out) == small);

    out.clear();
    const Bytes larger = sample_rows(ParallelZlibCompressor::default_block_size + 1, 10);
    ParallelZlibCompressor two_blocks(sink, 9, 4);
    REQUIRE_FALSE(two_blocks.write(larger));
    REQUIRE_FALSE(two_blocks.finish());
    CHECK(two_blocks.started_threads() == 4);
    CHECK(inflate_one_stream(out) == larger);
}

TEST_CASE("parallel zlib caps workers", "[dumpfmt][parallel]") {
    Bytes out;
    auto sink = [&](std::span<const std::uint8_t> bytes) {
        out.insert(out.end(), bytes.begin(), bytes.end());
        return std::error_code();
    };
    const Bytes input = sample_rows(3 * ParallelZlibCompressor::default_block_size, 12);
    ParallelZlibCompressor many_threads(sink, 6, 256);
    REQUIRE_FALSE(many_threads.write(input));
    REQUIRE_FALSE(many_threads.finish());
    CHECK(many_threads.started_threads() == ParallelZlibCompressor::max_blocks_in_flight);
    CHECK(inflate_one_stream(out) == input);
}

TEST_CASE("parallel zlib header per level", "[dumpfmt][parallel]") {
    const std::pair<int, std::uint8_t> cases[] = {{1, 0x01}, {3, 0x5e}, {6, 0x9c}, {-1, 0x9c}, {9, 0xda}};
    for (const auto& [level, second_byte] : cases) {
        INFO("level " << level);
        const Bytes stream = compress_parallel(sample_rows(50000, 1), level, 2, 32 * 1024, 50000);
        REQUIRE(stream.size() > 2);
        CHECK(stream[0] == 0x78);
        CHECK(stream[1] == second_byte);
    }
}

TEST_CASE("parallel zlib empty member", "[dumpfmt][parallel]") {
    // The same 8 bytes zlib writes for an empty stream at level 9.
    CHECK(compress_parallel({}, 9, 2, 32 * 1024, 1) == from_hex("78da 0300 00000001"));
}

TEST_CASE("parallel zlib size close to single thread", "[dumpfmt][parallel]") {
    const Bytes input = sample_rows(1 << 20, 3);
    const Bytes parallel = compress_parallel(input, 9, 2, ParallelZlibCompressor::default_block_size, 8192);

    uLongf single_size = compressBound(static_cast<uLong>(input.size()));
    Bytes single(single_size);
    REQUIRE(compress2(single.data(), &single_size, input.data(), static_cast<uLong>(input.size()), 9) == Z_OK);

    // Priming with the previous 32 KiB keeps the loss small: under 2 % here.
    CHECK(parallel.size() < single_size * 102 / 100);
}

TEST_CASE("parallel zlib pieces within chunk size", "[dumpfmt][parallel]") {
    const Bytes input = sample_rows(500000, 4);
    std::size_t largest = 0;
    const Bytes stream = compress_parallel(input, 1, 2, 64 * 1024, 3000, &largest);
    CHECK(largest <= max_chunk_size);
    CHECK(inflate_one_stream(stream) == input);
}

TEST_CASE("parallel zlib sink error at every call", "[dumpfmt][parallel]") {
    const Bytes input = sample_rows(300000, 5);
    const std::error_code injected = std::make_error_code(std::errc::no_space_on_device);

    std::size_t calls = 0;
    {
        ParallelZlibCompressor compressor([&](std::span<const std::uint8_t>) { ++calls; return std::error_code(); },
                                          1, 2, 32 * 1024);
        REQUIRE_FALSE(compressor.write(input));
        REQUIRE_FALSE(compressor.finish());
    }
    REQUIRE(calls > 2);

    for (std::size_t fail_at = 0; fail_at < calls; ++fail_at) {
        INFO("fault at sink call " << fail_at);
        std::size_t call = 0;
        ParallelZlibCompressor compressor(
            [&](std::span<const std::uint8_t>) { return call++ == fail_at ? injected : std::error_code(); },
            1, 2, 32 * 1024);
        std::error_code error = compressor.write(input);
        if (!error) {
            error = compressor.finish();
        }
        CHECK(error == injected);
    }
}

TEST_CASE("parallel zlib through block reader", "[dumpfmt][parallel]") {
    const Bytes input = sample_rows(400000, 6);
    Bytes archive;
    DataBlockWriter writer([&](std::span<const std::uint8_t> bytes) {
        archive.insert(archive.end(), bytes.begin(), bytes.end());
        return std::error_code();
    }, Compression::zlib(6, 2));
    Diagnostics diagnostics;
    REQUIRE_FALSE(writer.begin(1, diagnostics));
    REQUIRE_FALSE(writer.write(input));
    REQUIRE_FALSE(writer.finish());

    ArchiveHead head;
    head.header.compression = Compression::zlib(6);
    std::vector<DataBlock> blocks;
    REQUIRE_FALSE(read_all_blocks(archive, head, blocks, diagnostics));
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].members[0].data == input);
}

TEST_CASE("parallel zlib write after finish", "[dumpfmt][parallel]") {
    ParallelZlibCompressor compressor([](std::span<const std::uint8_t>) { return std::error_code(); }, 9, 2);
    REQUIRE_FALSE(compressor.finish());
    const Bytes input{1, 2, 3};
    CHECK(compressor.write(input) == errc::writer_state);
    CHECK(compressor.finish() == errc::writer_state);
}
