#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/errc.hpp"
#include "member_blocks.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <lz4frame.h>


using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::block_of;
using wiredump::dumpfmt::test::from_text;
using wiredump::dumpfmt::test::sample_rows;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

// One LZ4 frame made the way pg_dump 16 and later make it: a frame header,
// one LZ4F_compressUpdate per 4096 input bytes, then LZ4F_compressEnd.
Bytes lz4_frame(const Bytes& input) {
    LZ4F_cctx* context = nullptr;
    REQUIRE_FALSE(LZ4F_isError(LZ4F_createCompressionContext(&context, LZ4F_VERSION)));
    constexpr std::size_t piece_size = 4096;
    Bytes out(LZ4F_compressBound(piece_size, nullptr) + LZ4F_HEADER_SIZE_MAX);
    Bytes frame;

    std::size_t size = LZ4F_compressBegin(context, out.data(), out.size(), nullptr);
    REQUIRE_FALSE(LZ4F_isError(size));
    frame.insert(frame.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(size));

    for (std::size_t offset = 0; offset < input.size(); offset += piece_size) {
        const std::size_t count = std::min(piece_size, input.size() - offset);
        size = LZ4F_compressUpdate(context, out.data(), out.size(), input.data() + offset, count, nullptr);
        REQUIRE_FALSE(LZ4F_isError(size));
        frame.insert(frame.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(size));
    }

    size = LZ4F_compressEnd(context, out.data(), out.size(), nullptr);
    REQUIRE_FALSE(LZ4F_isError(size));
    frame.insert(frame.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(size));
    LZ4F_freeCompressionContext(context);
    return frame;
}

std::error_code read_lz4(const Bytes& block, Bytes& data, Diagnostics& diagnostics) {
    ArchiveHead head;
    head.header.version = version_1_16;
    head.header.compression = {CompressionAlgorithm::lz4, 0};
    std::vector<DataBlock> blocks;
    if (auto error = read_all_blocks(block, head, blocks, diagnostics)) {
        return error;
    }
    REQUIRE(blocks.size() == 1);
    data = blocks[0].members[0].data;
    return {};
}

}  // namespace

TEST_CASE("lz4 reader round trip", "[dumpfmt][lz4]") {
    for (std::size_t size : {std::size_t{0}, std::size_t{5}, std::size_t{1} << 20}) {
        for (std::size_t chunk_size : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 22}) {
            if (size > 1000 && chunk_size == 1) {
                continue;
            }
            INFO("size " << size << ", chunk size " << chunk_size);
            const Bytes input = sample_rows(size, 5);
            Bytes data;
            Diagnostics diagnostics;
            const auto error = read_lz4(block_of(lz4_frame(input), chunk_size), data, diagnostics);
            INFO(diagnostics.client_message());
            REQUIRE_FALSE(error);
            CHECK(data == input);
        }
    }
}

TEST_CASE("lz4 reader rejects second frame", "[dumpfmt][lz4]") {
    Bytes stream = lz4_frame(from_text("1\n"));
    const Bytes second = lz4_frame(from_text("2\n"));
    stream.insert(stream.end(), second.begin(), second.end());

    Bytes data;
    Diagnostics diagnostics;
    CHECK(read_lz4(block_of(stream, 4096), data, diagnostics) == errc::trailing_bytes_in_stream);
    CHECK(read_lz4(block_of(stream, stream.size() - second.size()), data, diagnostics) ==
          errc::trailing_bytes_in_stream);
}

TEST_CASE("lz4 reader rejects truncated frame", "[dumpfmt][lz4]") {
    Bytes stream = lz4_frame(sample_rows(10000, 5));
    stream.resize(stream.size() - 4);
    Bytes data;
    Diagnostics diagnostics;
    CHECK(read_lz4(block_of(stream, 4096), data, diagnostics) == errc::incomplete_stream);
    CHECK(read_lz4(block_of({}, 4096), data, diagnostics) == errc::incomplete_stream);
}

TEST_CASE("lz4 reader rejects corrupt frame", "[dumpfmt][lz4]") {
    const Bytes not_lz4 = from_text("this is not an LZ4 frame");
    Bytes data;
    Diagnostics diagnostics;
    CHECK(read_lz4(block_of(not_lz4, 4096), data, diagnostics) == errc::decompression_failed);
    CHECK(diagnostics.client_message().find("LZ4 decompression failed") != std::string::npos);
}
