#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/errc.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::from_hex;
using wiredump::dumpfmt::test::from_text;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

ByteSink append_to(Bytes& out) {
    return [&out](std::span<const std::uint8_t> bytes) {
        out.insert(out.end(), bytes.begin(), bytes.end());
        return std::error_code();
    };
}

ArchiveHeader header_for(Compression compression) {
    ArchiveHeader header;
    header.compression = compression;
    return header;
}

// Reads the one block in `bytes`, which start at archive offset 0.
DataBlock read_single_block(const Bytes& bytes, Compression compression) {
    std::vector<DataBlock> blocks;
    ArchiveHead head;
    head.header = header_for(compression);
    Diagnostics diagnostics;
    const auto error = read_all_blocks(bytes, head, blocks, diagnostics);
    INFO(diagnostics.client_message());
    REQUIRE_FALSE(error);
    REQUIRE(blocks.size() == 1);
    return blocks[0];
}

Bytes random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 generator(seed);
    Bytes out(size);
    for (auto& byte : out) {
        byte = static_cast<std::uint8_t>(generator() % 16);  // compressible, not trivial
    }
    return out;
}

}  // namespace

TEST_CASE("block framing uncompressed", "[dumpfmt][block]") {
    Bytes out;
    DataBlockWriter writer(append_to(out), Compression{});
    Diagnostics diagnostics;

    REQUIRE_FALSE(writer.begin(3351, diagnostics));
    REQUIRE_FALSE(writer.write(from_text("1\talpha\n")));
    REQUIRE_FALSE(writer.write({}));
    REQUIRE_FALSE(writer.write(from_text("\\.\n\n\n")));
    REQUIRE_FALSE(writer.finish());

    const Bytes expected = from_hex("01 00170d0000  000d000000 3109616c7068610a 5c2e0a0a0a  0000000000");
    CHECK(out == expected);
    CHECK(writer.bytes_written() == out.size());
}

TEST_CASE("block empty table stream zlib", "[dumpfmt][block]") {
    Bytes out;
    DataBlockWriter writer(append_to(out), Compression::zlib(6));
    Diagnostics diagnostics;
    REQUIRE_FALSE(writer.begin(5, diagnostics));
    REQUIRE_FALSE(writer.finish());

    // zlib's empty stream at the default level, as pg_dump writes for an empty table.
    CHECK(out == from_hex("01 0005000000  0008000000 789c030000000001  0000000000"));
}

TEST_CASE("block empty table stream uncompressed", "[dumpfmt][block]") {
    Bytes out;
    DataBlockWriter writer(append_to(out), Compression{});
    Diagnostics diagnostics;
    REQUIRE_FALSE(writer.begin(5, diagnostics));
    REQUIRE_FALSE(writer.finish());

    // No chunk at all: a zero-length chunk would be the end marker.
    CHECK(out == from_hex("01 0005000000 0000000000"));
}

TEST_CASE("block level 9 matches pg_dump empty_t bytes", "[dumpfmt][block]") {
    Bytes out;
    DataBlockWriter writer(append_to(out), Compression::zlib(9));
    Diagnostics diagnostics;
    REQUIRE_FALSE(writer.begin(3352, diagnostics));
    REQUIRE_FALSE(writer.write(from_text("\\.\n\n\n")));
    REQUIRE_FALSE(writer.finish());

    CHECK(out == from_hex("01 00180d0000 000d000000 78da8bd1e3e2e20200 02c500a9 0000000000"));
}

TEST_CASE("block compression round trip", "[dumpfmt][block]") {
    const Compression methods[] = {Compression{}, Compression::zlib(1), Compression::zlib(6), Compression::zlib(9),
                                   Compression::zlib(-1)};
    const std::size_t sizes[] = {0, 1, 100, max_chunk_size - 1, max_chunk_size, max_chunk_size + 1, 300000};

    for (const auto& compression : methods) {
        for (std::size_t size : sizes) {
            INFO("level " << compression.level << ", algorithm " << int(compression.algorithm) << ", size " << size);
            const Bytes input = random_bytes(size, static_cast<unsigned>(size));

            Bytes out;
            DataBlockWriter writer(append_to(out), compression);
            Diagnostics diagnostics;
            REQUIRE_FALSE(writer.begin(9, diagnostics));
            // Uneven write sizes, so pieces straddle chunk borders.
            std::size_t written = 0;
            std::size_t step = 1;
            while (written < input.size()) {
                const std::size_t count = std::min(step, input.size() - written);
                REQUIRE_FALSE(writer.write(std::span(input).subspan(written, count)));
                written += count;
                step = step * 3 + 1;
            }
            REQUIRE_FALSE(writer.finish());

            const DataBlock block = read_single_block(out, compression);
            CHECK(block.type == BlockType::data);
            CHECK(block.dump_id == 9);
            REQUIRE(block.members.size() == 1);
            CHECK(block.members[0].data == input);
            for (std::size_t chunk : block.members[0].chunk_sizes) {
                CHECK(chunk > 0);
                CHECK(chunk <= max_chunk_size);
            }
        }
    }
}

TEST_CASE("block large input stays in bounded chunks", "[dumpfmt][block]") {
    const Bytes input(5 * max_chunk_size + 17, 'x');
    std::size_t largest_sink_call = 0;
    Bytes out;
    auto sink = [&](std::span<const std::uint8_t> bytes) {
        largest_sink_call = std::max(largest_sink_call, bytes.size());
        out.insert(out.end(), bytes.begin(), bytes.end());
        return std::error_code();
    };

    DataBlockWriter writer(sink, Compression{});
    Diagnostics diagnostics;
    REQUIRE_FALSE(writer.begin(1, diagnostics));
    REQUIRE_FALSE(writer.write(input));
    REQUIRE_FALSE(writer.finish());

    CHECK(largest_sink_call == max_chunk_size);
    const DataBlock block = read_single_block(out, Compression{});
    CHECK(block.members[0].chunk_sizes.size() == 6);
    CHECK(block.members[0].data == input);
}

TEST_CASE("block sink error at every call", "[dumpfmt][block]") {
    const Bytes input = random_bytes(3 * max_chunk_size, 1);
    const std::error_code injected = std::make_error_code(std::errc::no_space_on_device);

    for (const auto& compression : {Compression{}, Compression::zlib(1)}) {
        // Count the sink calls of a run without faults.
        std::size_t calls = 0;
        {
            DataBlockWriter writer([&](std::span<const std::uint8_t>) { ++calls; return std::error_code(); },
                                   compression);
            Diagnostics diagnostics;
            REQUIRE_FALSE(writer.begin(1, diagnostics));
            REQUIRE_FALSE(writer.write(input));
            REQUIRE_FALSE(writer.finish());
        }
        REQUIRE(calls > 4);

        for (std::size_t fail_at = 0; fail_at < calls; ++fail_at) {
            INFO("fault at sink call " << fail_at);
            std::size_t call = 0;
            DataBlockWriter writer(
                [&](std::span<const std::uint8_t>) { return call++ == fail_at ? injected : std::error_code(); },
                compression);
            Diagnostics diagnostics;
            std::error_code error = writer.begin(1, diagnostics);
            if (!error) {
                error = writer.write(input);
            }
            if (!error) {
                error = writer.finish();
            }
            CHECK(error == injected);
        }
    }
}

TEST_CASE("block writer call order", "[dumpfmt][block]") {
    Bytes out;
    DataBlockWriter writer(append_to(out), Compression{});
    Diagnostics diagnostics;

    CHECK(writer.write(from_text("x")) == errc::writer_state);
    CHECK(writer.finish() == errc::writer_state);
    CHECK(writer.begin(0, diagnostics) == errc::invalid_argument);
    REQUIRE_FALSE(writer.begin(1, diagnostics));
    CHECK(writer.begin(2, diagnostics) == errc::writer_state);
    REQUIRE_FALSE(writer.finish());
    CHECK(writer.finish() == errc::writer_state);

    // The writer can be reused for the next block.
    REQUIRE_FALSE(writer.begin(2, diagnostics));
    REQUIRE_FALSE(writer.finish());
}

TEST_CASE("block unsupported compression", "[dumpfmt][block]") {
    Bytes out;
    DataBlockWriter writer(append_to(out), Compression{static_cast<CompressionAlgorithm>(7), 3});
    Diagnostics diagnostics;
    CHECK(writer.begin(1, diagnostics) == errc::unsupported_compression);
    CHECK(out.empty());
}

TEST_CASE("blobs block matches pg_dump layout", "[dumpfmt][block]") {
    Bytes out;
    BlobsBlockWriter writer(append_to(out), Compression{});
    Diagnostics diagnostics;

    REQUIRE_FALSE(writer.begin(3341, diagnostics));
    REQUIRE_FALSE(writer.begin_large_object(16405, diagnostics));
    REQUIRE_FALSE(writer.write(from_text("hello large object")));
    REQUIRE_FALSE(writer.end_large_object());
    REQUIRE_FALSE(writer.begin_large_object(16406, diagnostics));
    REQUIRE_FALSE(writer.write(from_text("second")));
    REQUIRE_FALSE(writer.end_large_object());
    REQUIRE_FALSE(writer.finish());

    const Bytes expected = from_hex(R"(
        03 000d0d0000
        0015400000 0012000000 68656c6c6f206c61726765206f626a656374 0000000000
        0016400000 0006000000 7365636f6e64 0000000000
        0000000000
    )");
    CHECK(out == expected);
    CHECK(writer.bytes_written() == out.size());
}

TEST_CASE("blobs block high oid and zlib round trip", "[dumpfmt][block]") {
    Bytes out;
    BlobsBlockWriter writer(append_to(out), Compression::zlib(9));
    Diagnostics diagnostics;
    const Bytes content = random_bytes(40000, 7);

    REQUIRE_FALSE(writer.begin(4, diagnostics));
    REQUIRE_FALSE(writer.begin_large_object(3000000000u, diagnostics));
    REQUIRE_FALSE(writer.write(content));
    REQUIRE_FALSE(writer.end_large_object());
    REQUIRE_FALSE(writer.begin_large_object(17, diagnostics));
    REQUIRE_FALSE(writer.end_large_object());
    REQUIRE_FALSE(writer.finish());

    // The OID right after the block header is in pg_dump's negative form.
    CHECK(Bytes(out.begin() + 6, out.begin() + 11) == Bytes{1, 0x00, 0xa2, 0x2f, 0x4d});

    const DataBlock block = read_single_block(out, Compression::zlib(9));
    CHECK(block.type == BlockType::blobs);
    REQUIRE(block.members.size() == 2);
    CHECK(block.members[0].large_object_oid == 3000000000u);
    CHECK(block.members[0].data == content);
    CHECK(block.members[1].large_object_oid == 17u);
    CHECK(block.members[1].data.empty());
    // An empty large object still gets a complete zlib stream.
    CHECK(block.members[1].chunk_sizes == std::vector<std::size_t>{8});
}

TEST_CASE("blobs writer call order", "[dumpfmt][block]") {
    Bytes out;
    BlobsBlockWriter writer(append_to(out), Compression{});
    Diagnostics diagnostics;

    CHECK(writer.begin_large_object(5, diagnostics) == errc::writer_state);
    REQUIRE_FALSE(writer.begin(1, diagnostics));
    CHECK(writer.begin_large_object(0, diagnostics) == errc::invalid_argument);
    CHECK(writer.write(from_text("x")) == errc::writer_state);
    REQUIRE_FALSE(writer.begin_large_object(5, diagnostics));
    CHECK(writer.finish() == errc::writer_state);
    REQUIRE_FALSE(writer.end_large_object());
    CHECK(writer.end_large_object() == errc::writer_state);
    REQUIRE_FALSE(writer.finish());
}
