#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/errc.hpp"
#include "member_blocks.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <zstd.h>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::block_of;
using wiredump::dumpfmt::test::from_text;
using wiredump::dumpfmt::test::sample_rows;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes zstd_frame(const Bytes& input) {
    Bytes out(ZSTD_compressBound(input.size()));
    const std::size_t size = ZSTD_compress(out.data(), out.size(), input.data(), input.size(), 3);
    REQUIRE_FALSE(ZSTD_isError(size));
    out.resize(size);
    return out;
}

std::error_code read_zstd(const Bytes& block, Bytes& data, Diagnostics& diagnostics) {
    ArchiveHead head;
    head.header.version = version_1_16;
    head.header.compression = {CompressionAlgorithm::zstd, 0};
    std::vector<DataBlock> blocks;
    if (auto error = read_all_blocks(block, head, blocks, diagnostics)) {
        return error;
    }
    REQUIRE(blocks.size() == 1);
    data = blocks[0].members[0].data;
    return {};
}

}  // namespace

TEST_CASE("zstd reader round trip", "[dumpfmt][zstd]") {
    for (std::size_t size : {std::size_t{0}, std::size_t{5}, std::size_t{1} << 20}) {
        for (std::size_t chunk_size : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 22}) {
            if (size > 1000 && chunk_size == 1) {
                continue;
            }
            INFO("size " << size << ", chunk size " << chunk_size);
            const Bytes input = sample_rows(size, 11);
            Bytes data;
            Diagnostics diagnostics;
            const auto error = read_zstd(block_of(zstd_frame(input), chunk_size), data, diagnostics);
            INFO(diagnostics.client_message());
            REQUIRE_FALSE(error);
            CHECK(data == input);
        }
    }
}

TEST_CASE("zstd reader rejects second frame", "[dumpfmt][zstd]") {
    Bytes stream = zstd_frame(from_text("1\n"));
    const Bytes second = zstd_frame(from_text("2\n"));
    stream.insert(stream.end(), second.begin(), second.end());

    Bytes data;
    Diagnostics diagnostics;
    CHECK(read_zstd(block_of(stream, 4096), data, diagnostics) == errc::trailing_bytes_in_stream);
    CHECK(read_zstd(block_of(stream, stream.size() - second.size()), data, diagnostics) ==
          errc::trailing_bytes_in_stream);
}

TEST_CASE("zstd reader rejects truncated frame", "[dumpfmt][zstd]") {
    Bytes stream = zstd_frame(sample_rows(10000, 11));
    stream.resize(stream.size() - 4);
    Bytes data;
    Diagnostics diagnostics;
    CHECK(read_zstd(block_of(stream, 4096), data, diagnostics) == errc::incomplete_stream);
    CHECK(read_zstd(block_of({}, 4096), data, diagnostics) == errc::incomplete_stream);
}

TEST_CASE("zstd reader rejects corrupt frame", "[dumpfmt][zstd]") {
    const Bytes not_zstd = from_text("this is not a zstd frame");
    Bytes data;
    Diagnostics diagnostics;
    CHECK(read_zstd(block_of(not_zstd, 4096), data, diagnostics) == errc::decompression_failed);
    CHECK(diagnostics.client_message().find("zstd decompression failed") != std::string::npos);
}
