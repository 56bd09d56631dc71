#include "dumpfmt/compressor_zlib_parallel.hpp"
#include "dumpfmt/deflate_splice.hpp"
#include "dumpfmt/stream_compressor.hpp"
#include "test_bytes.hpp"
#include "zlib_streams.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <zlib.h>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::Bytes;
using wiredump::dumpfmt::test::compress_in_blocks;
using wiredump::dumpfmt::test::from_hex;
using wiredump::dumpfmt::test::from_text;
using wiredump::dumpfmt::test::inflate_one_stream;
using wiredump::dumpfmt::test::sample_rows;

namespace {

constexpr std::size_t block = ParallelZlibCompressor::default_libdeflate_block_size;

Bytes random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 generator(seed);
    Bytes out(size);
    for (auto& byte : out) {
        byte = static_cast<std::uint8_t>(generator());
    }
    return out;
}

// Runs the splicer over `stream` (raw deflate data) and returns the result,
// or nothing when the splicer refused it.
std::optional<Bytes> splice(Bytes stream, std::size_t decoded_size) {
    const std::size_t size = stream.size();
    stream.resize(size + splice_extra_bytes);
    DeflateSplicer splicer;
    const auto joined = splicer.make_joinable(stream.data(), size, decoded_size);
    if (!joined) {
        return std::nullopt;
    }
    stream.resize(*joined);
    return stream;
}

// Inflates raw deflate data and requires it to end exactly at its end.
Bytes inflate_raw(const Bytes& stream) {
    z_stream inflater{};
    REQUIRE(inflateInit2(&inflater, -15) == Z_OK);
    Bytes out(1 << 16);
    inflater.next_in = const_cast<Bytef*>(stream.data());
    inflater.avail_in = static_cast<uInt>(stream.size());
    inflater.next_out = out.data();
    inflater.avail_out = static_cast<uInt>(out.size());
    CHECK(inflate(&inflater, Z_FINISH) == Z_STREAM_END);
    CHECK(inflater.avail_in == 0);
    out.resize(out.size() - inflater.avail_out);
    inflateEnd(&inflater);
    return out;
}

Bytes joined(Bytes first, const Bytes& second) {
    first.insert(first.end(), second.begin(), second.end());
    return first;
}

}  // namespace

TEST_CASE("splice of empty fixed block", "[dumpfmt][libdeflate]") {
    // BFINAL 1, type 01, end-of-block 0000000: ten bits.
    const auto spliced = splice(from_hex("03 00"), 0);
    REQUIRE(spliced);
    CHECK(*spliced == from_hex("02 00 00 00 ff ff"));
    CHECK(inflate_raw(joined(*spliced, from_hex("03 00"))).empty());
}

TEST_CASE("splice of stored blocks", "[dumpfmt][libdeflate]") {
    // One final stored block of "abc": the stored block needs its own byte.
    const auto one = splice(from_hex("01 03 00 fc ff 61 62 63"), 3);
    REQUIRE(one);
    CHECK(*one == from_hex("00 03 00 fc ff 61 62 63 00 00 00 ff ff"));

    // Two stored blocks: only the second one's BFINAL bit is cleared.
    const auto two = splice(from_hex("00 01 00 fe ff 61 01 01 00 fe ff 62"), 2);
    REQUIRE(two);
    CHECK(*two == from_hex("00 01 00 fe ff 61 00 01 00 fe ff 62 00 00 00 ff ff"));
    CHECK(inflate_raw(joined(joined(*two, *one), from_hex("03 00"))) == from_text("ababc"));
}

TEST_CASE("splice rejects broken streams", "[dumpfmt][libdeflate]") {
    CHECK_FALSE(splice(from_hex("01 03 00 fc ff 61 62"), 3));           // truncated
    CHECK_FALSE(splice(from_hex("01 03 00 fc ff 61 62 63 00"), 3));     // a byte after the end
    CHECK_FALSE(splice(from_hex("01 03 00 fc ff 61 62 63"), 4));        // another size
    CHECK_FALSE(splice(from_hex("00 01 00 fe ff 61"), 1));              // no final block
    CHECK_FALSE(splice(from_hex("07 00"), 0));                          // reserved block type
}

TEST_CASE("libdeflate engine block boundaries", "[dumpfmt][libdeflate]") {
    const std::size_t sizes[] = {0, 1, block - 1, block, block + 1, 2 * block, 2 * block + 1};
    for (int level : {1, 6, 9}) {
        for (unsigned threads : {1u, 2u, 8u}) {
            for (std::size_t size : sizes) {
                INFO("level " << level << ", threads " << threads << ", size " << size);
                const Bytes input = sample_rows(size, static_cast<unsigned>(size) + 3);
                const Bytes stream = compress_in_blocks(input, level, threads, DeflateEngine::libdeflate, 0, 65536);
                CHECK(inflate_one_stream(stream) == input);
            }
        }
    }
}

TEST_CASE("libdeflate engine large input", "[dumpfmt][libdeflate]") {
    // More blocks than the pool holds, so the writer waits on the pool.
    const Bytes text = sample_rows(12 * block + 12345, 21);
    const Bytes noise = random_bytes(3 * block + 77, 22);
    for (int level : {1, 6, 9}) {
        for (unsigned threads : {1u, 2u, 8u}) {
            INFO("level " << level << ", threads " << threads);
            CHECK(inflate_one_stream(compress_in_blocks(text, level, threads, DeflateEngine::libdeflate, 0, 8191)) ==
                  text);
            CHECK(inflate_one_stream(compress_in_blocks(noise, level, threads, DeflateEngine::libdeflate, 0, 8191)) ==
                  noise);
        }
    }
}

TEST_CASE("libdeflate engine small blocks", "[dumpfmt][libdeflate]") {
    const Bytes input = sample_rows(700000, 5);
    for (int level : {-1, 0, 9}) {
        INFO("level " << level);
        const Bytes stream = compress_in_blocks(input, level, 4, DeflateEngine::libdeflate, 32 * 1024, 5000);
        CHECK(inflate_one_stream(stream) == input);
    }
}

TEST_CASE("libdeflate engine pool bound", "[dumpfmt][libdeflate]") {
    const Bytes input = sample_rows(3 * block, 12);
    ParallelZlibCompressor compressor([](std::span<const std::uint8_t>) { return std::error_code(); }, 6, 256,
                                      DeflateEngine::libdeflate);
    REQUIRE_FALSE(compressor.write(input));
    REQUIRE_FALSE(compressor.finish());
    const std::size_t cap = ParallelZlibCompressor::max_blocks_in_flight *
                            ParallelZlibCompressor::default_block_size / block;
    CHECK(compressor.started_threads() == cap);
}

TEST_CASE("libdeflate engine on one thread", "[dumpfmt][libdeflate]") {
    Compression compression = Compression::zlib(6, 1);
    compression.deflate_engine = DeflateEngine::libdeflate;
    Bytes out;
    std::unique_ptr<StreamCompressor> compressor;
    wiredump::protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(make_stream_compressor(
        compression,
        [&](std::span<const std::uint8_t> bytes) {
            out.insert(out.end(), bytes.begin(), bytes.end());
            return std::error_code();
        },
        compressor, diagnostics));
    CHECK(dynamic_cast<ParallelZlibCompressor*>(compressor.get()) != nullptr);

    const Bytes input = sample_rows(100000, 4);
    REQUIRE_FALSE(compressor->write(input));
    REQUIRE_FALSE(compressor->finish());
    CHECK(inflate_one_stream(out) == input);
}
