#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/errc.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <zlib.h>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::from_text;
using wiredump::dumpfmt::test::load_archive;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

const char* const real_archives[] = {"tiny_z0.dump", "tiny_z9.dump", "tiny_pipe.dump"};

const ParsedTocEntry& find_entry(const ArchiveHead& head, std::string_view desc, std::string_view tag) {
    const auto found = std::find_if(head.toc.begin(), head.toc.end(), [&](const ParsedTocEntry& parsed) {
        return parsed.entry.desc == desc && parsed.entry.tag == tag;
    });
    REQUIRE(found != head.toc.end());
    return *found;
}

const DataBlock& find_block(const std::vector<DataBlock>& blocks, int dump_id) {
    const auto found = std::find_if(blocks.begin(), blocks.end(),
                                    [&](const DataBlock& block) { return block.dump_id == dump_id; });
    REQUIRE(found != blocks.end());
    return *found;
}

// Runs every check the reader has, as `wiredump verify` would.
std::error_code read_everything(std::span<const std::uint8_t> archive, Diagnostics& diagnostics) {
    ArchiveHead head;
    if (auto error = parse_archive_head(archive, head, diagnostics)) {
        return error;
    }
    std::vector<DataBlock> blocks;
    if (auto error = read_all_blocks(archive, head, blocks, diagnostics)) {
        return error;
    }
    return check_data_offsets(head, blocks, diagnostics);
}

Bytes zlib_stream(std::string_view text) {
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    Bytes out(size);
    REQUIRE(compress2(out.data(), &size, reinterpret_cast<const Bytef*>(text.data()),
                      static_cast<uLong>(text.size()), 9) == Z_OK);
    out.resize(size);
    return out;
}

// A data block whose member consists of the given chunks, unchanged.
Bytes block_with_chunks(const std::vector<Bytes>& chunks) {
    Bytes out{1};
    append_int(out, 1);
    for (const Bytes& chunk : chunks) {
        append_int(out, static_cast<std::int32_t>(chunk.size()));
        out.insert(out.end(), chunk.begin(), chunk.end());
    }
    append_int(out, 0);
    return out;
}

std::error_code read_zlib_block(const Bytes& block, Diagnostics& diagnostics) {
    ArchiveHead head;
    head.header.compression = Compression::zlib(9);
    std::vector<DataBlock> blocks;
    return read_all_blocks(block, head, blocks, diagnostics);
}

}  // namespace

TEST_CASE("reader on real archives", "[dumpfmt][reader]") {
    for (const char* name : real_archives) {
        INFO(name);
        const Bytes archive = load_archive(name);
        ArchiveHead head;
        Diagnostics diagnostics;
        REQUIRE_FALSE(parse_archive_head(archive, head, diagnostics));

        CHECK(head.header.version == version_1_14);
        CHECK(head.header.database_name == "tiny");
        CHECK(head.toc.size() == 16);
        CHECK(head.toc[0].entry.desc == "ENCODING");
        CHECK(head.toc[1].entry.desc == "STDSTRINGS");
        CHECK(head.toc[2].entry.desc == "SEARCHPATH");

        std::vector<DataBlock> blocks;
        const auto error = read_all_blocks(archive, head, blocks, diagnostics);
        INFO(diagnostics.client_message());
        REQUIRE_FALSE(error);
        REQUIRE_FALSE(check_data_offsets(head, blocks, diagnostics));
        CHECK(blocks.size() == 3);

        const auto& table_data = find_entry(head, "TABLE DATA", "t");
        CHECK(table_data.entry.dependencies.size() == 1);
        CHECK(find_block(blocks, table_data.entry.dump_id).members[0].data ==
              from_text("1\talpha\n2\tbeta\n3\t\\N\n\\.\n\n\n"));

        const auto& empty_data = find_entry(head, "TABLE DATA", "empty_t");
        CHECK(find_block(blocks, empty_data.entry.dump_id).members[0].data == from_text("\\.\n\n\n"));

        const auto& blobs = find_entry(head, "BLOBS", "BLOBS");
        const DataBlock& blobs_block = find_block(blocks, blobs.entry.dump_id);
        CHECK(blobs_block.type == BlockType::blobs);
        REQUIRE(blobs_block.members.size() == 2);
        CHECK(blobs_block.members[0].large_object_oid == 16400u);
        CHECK(blobs_block.members[0].data == from_text("hello large object"));
        CHECK(blobs_block.members[1].large_object_oid == 3000000000u);
        CHECK(blobs_block.members[1].data == from_text("high oid"));

        const auto& high_blob = find_entry(head, "BLOB", "3000000000");
        CHECK(high_blob.entry.oid == 3000000000u);
        CHECK(high_blob.entry.catalog_table_oid == 2613u);
    }
}

TEST_CASE("reader offsets of file and pipe archives", "[dumpfmt][reader]") {
    Diagnostics diagnostics;
    for (const auto& [name, flag] : {std::pair{"tiny_z9.dump", OffsetFlag::set}, {"tiny_pipe.dump", OffsetFlag::not_set}}) {
        INFO(name);
        ArchiveHead head;
        REQUIRE_FALSE(parse_archive_head(load_archive(name), head, diagnostics));
        CHECK(find_entry(head, "TABLE DATA", "t").data_offset.flag == flag);
        CHECK(find_entry(head, "TABLE", "t").data_offset.flag == OffsetFlag::no_data);
    }
}

TEST_CASE("reader on schema-only archive", "[dumpfmt][reader]") {
    const Bytes archive = load_archive("tiny_schema.dump");
    ArchiveHead head;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_archive_head(archive, head, diagnostics));
    CHECK(head.data_start == archive.size());

    std::vector<DataBlock> blocks;
    REQUIRE_FALSE(read_all_blocks(archive, head, blocks, diagnostics));
    CHECK(blocks.empty());
    CHECK_FALSE(check_data_offsets(head, blocks, diagnostics));
}

TEST_CASE("reader truncation of real archives at every byte", "[dumpfmt][reader]") {
    for (const char* name : {"tiny_z0.dump", "tiny_z9.dump", "tiny_pipe.dump", "tiny_schema.dump"}) {
        INFO(name);
        const Bytes archive = load_archive(name);
        Diagnostics diagnostics;
        REQUIRE_FALSE(read_everything(archive, diagnostics));

        for (std::size_t size = 0; size < archive.size(); ++size) {
            INFO("size " << size);
            const auto error = read_everything(std::span(archive.data(), size), diagnostics);
            CHECK(error);
            CHECK_FALSE(diagnostics.client_message().empty());
        }
    }
}

TEST_CASE("reader rejects two zlib streams in one member", "[dumpfmt][reader]") {
    const Bytes first = zlib_stream("1\n");
    const Bytes second = zlib_stream("2\n");
    Diagnostics diagnostics;

    Bytes one_chunk = first;
    one_chunk.insert(one_chunk.end(), second.begin(), second.end());
    CHECK(read_zlib_block(block_with_chunks({one_chunk}), diagnostics) == errc::trailing_bytes_in_stream);
    CHECK(read_zlib_block(block_with_chunks({first, second}), diagnostics) == errc::trailing_bytes_in_stream);
    CHECK(diagnostics.client_message() ==
          "in the chunk at archive byte " + std::to_string(6 + 5 + first.size()) +
              ": the member has " + std::to_string(second.size()) +
              " more bytes after its zlib stream ended at compressed byte " + std::to_string(first.size()));
}

TEST_CASE("reader rejects garbage after zlib stream", "[dumpfmt][reader]") {
    Bytes stream = zlib_stream("1\n");
    stream.insert(stream.end(), {'X', 'Y', 'Z'});
    Diagnostics diagnostics;
    CHECK(read_zlib_block(block_with_chunks({stream}), diagnostics) == errc::trailing_bytes_in_stream);
}

TEST_CASE("reader accepts zlib stream in 1-byte chunks", "[dumpfmt][reader]") {
    const Bytes stream = zlib_stream("1\talpha\n\\.\n\n\n");
    std::vector<Bytes> chunks;
    for (std::uint8_t byte : stream) {
        chunks.push_back({byte});
    }
    Diagnostics diagnostics;
    CHECK_FALSE(read_zlib_block(block_with_chunks(chunks), diagnostics));
}

TEST_CASE("reader rejects incomplete zlib stream", "[dumpfmt][reader]") {
    Bytes stream = zlib_stream("some rows\n");
    stream.resize(stream.size() - 3);
    Diagnostics diagnostics;
    CHECK(read_zlib_block(block_with_chunks({stream}), diagnostics) == errc::incomplete_stream);
    CHECK(diagnostics.client_message() ==
          "at the end marker at archive byte " + std::to_string(6 + 5 + stream.size()) +
              ": the member's zlib stream has no end after " + std::to_string(stream.size()) + " compressed bytes");

    // A compressed member without any chunk has no stream at all.
    CHECK(read_zlib_block(block_with_chunks({}), diagnostics) == errc::incomplete_stream);
}

TEST_CASE("reader rejects raw deflate and gzip", "[dumpfmt][reader]") {
    Diagnostics diagnostics;
    const Bytes gzip_header{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK(read_zlib_block(block_with_chunks({gzip_header}), diagnostics) == errc::decompression_failed);
    CHECK(diagnostics.client_message().find("incorrect header check") != std::string::npos);
}

TEST_CASE("reader rejects negative chunk length", "[dumpfmt][reader]") {
    Bytes block{1};
    append_int(block, 1);
    append_int(block, -5);
    ArchiveHead head;
    std::vector<DataBlock> blocks;
    Diagnostics diagnostics;
    CHECK(read_all_blocks(block, head, blocks, diagnostics) == errc::invalid_chunk_length);
    CHECK(diagnostics.client_message() ==
          "at archive byte 6, data block of dump id 1, chunk length: the length is -5");
}

TEST_CASE("reader rejects unknown block type", "[dumpfmt][reader]") {
    Bytes block{7};
    append_int(block, 1);
    ArchiveHead head;
    std::vector<DataBlock> blocks;
    Diagnostics diagnostics;
    CHECK(read_all_blocks(block, head, blocks, diagnostics) == errc::unknown_block_type);
}

TEST_CASE("reader rejects unknown compression", "[dumpfmt][reader]") {
    Bytes block = block_with_chunks({{1, 2, 3}});
    ArchiveHead head;
    head.header.compression = {static_cast<CompressionAlgorithm>(7), 0};
    std::vector<DataBlock> blocks;
    Diagnostics diagnostics;
    CHECK(read_all_blocks(block, head, blocks, diagnostics) == errc::unsupported_compression);
}

TEST_CASE("reader detects swapped data offsets", "[dumpfmt][reader]") {
    const Bytes archive = load_archive("tiny_z9.dump");
    ArchiveHead head;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_archive_head(archive, head, diagnostics));
    std::vector<DataBlock> blocks;
    REQUIRE_FALSE(read_all_blocks(archive, head, blocks, diagnostics));

    auto& first = find_entry(head, "TABLE DATA", "t");
    auto& second = find_entry(head, "TABLE DATA", "empty_t");
    std::swap(const_cast<ParsedTocEntry&>(first).data_offset, const_cast<ParsedTocEntry&>(second).data_offset);
    CHECK(check_data_offsets(head, blocks, diagnostics) == errc::data_block_mismatch);
}

TEST_CASE("reader accepts versions 1.12 to 1.16", "[dumpfmt][reader]") {
    for (const auto& version : {version_1_12, version_1_13, version_1_14, version_1_15, version_1_16}) {
        INFO(version.to_string());
        ArchiveHeader header;
        header.version = version;
        header.compression = Compression::zlib(9);
        header.database_name = "db";

        TocEntry table;
        table.dump_id = 1;
        table.tag = "t";
        table.desc = "TABLE";
        table.table_access_method = "heap";
        table.relkind = 'r';
        TocEntry data;
        data.dump_id = 2;
        data.has_data = true;
        data.tag = "t";
        data.desc = "TABLE DATA";
        data.section = Section::data;
        data.dependencies = {1};
        const TocEntry entries[] = {table, data};

        Bytes archive;
        Diagnostics diagnostics;
        REQUIRE_FALSE(append_header(archive, header, diagnostics));
        REQUIRE_FALSE(append_toc(archive, version, entries, {}, diagnostics));
        DataBlockWriter writer([&](std::span<const std::uint8_t> bytes) {
            archive.insert(archive.end(), bytes.begin(), bytes.end());
            return std::error_code();
        }, header.compression);
        REQUIRE_FALSE(writer.begin(2, diagnostics));
        REQUIRE_FALSE(writer.write(from_text("x\n\\.\n\n\n")));
        REQUIRE_FALSE(writer.finish());

        ArchiveHead head;
        REQUIRE_FALSE(parse_archive_head(archive, head, diagnostics));
        CHECK(head.header.version == version);
        CHECK(head.header.compression.algorithm == CompressionAlgorithm::gzip);
        REQUIRE(head.toc.size() == 2);
        CHECK(head.toc[0].entry.relkind == (version >= version_1_16 ? 'r' : 0));
        CHECK_FALSE(read_everything(archive, diagnostics));
    }
}

TEST_CASE("archive written with TOC rewrite reads back", "[dumpfmt][reader]") {
    // The order a seekable output uses: header, TOC with offsets not set,
    // blocks, then the same TOC with real positions written over the first.
    for (const auto& compression : {Compression{}, Compression::zlib(9)}) {
        INFO("level " << compression.level);
        ArchiveHeader header;
        header.compression = compression;
        header.database_name = "db";
        header.server_version = "15.20";
        header.dumper_version = "wiredump 0.1.0";

        std::vector<TocEntry> entries(4);
        for (int i = 0; i < 4; ++i) {
            entries[i].dump_id = i + 1;
            entries[i].tag = "t" + std::to_string(i);
            entries[i].desc = i < 2 ? "TABLE" : "TABLE DATA";
            entries[i].has_data = i >= 2;
            if (i >= 2) {
                entries[i].dependencies = {i - 1};
            }
        }

        Bytes archive;
        Diagnostics diagnostics;
        REQUIRE_FALSE(append_header(archive, header, diagnostics));
        const std::size_t toc_start = archive.size();
        REQUIRE_FALSE(append_toc(archive, header.version, entries, {}, diagnostics));
        const std::size_t toc_size = archive.size() - toc_start;

        DataBlockWriter writer([&](std::span<const std::uint8_t> bytes) {
            archive.insert(archive.end(), bytes.begin(), bytes.end());
            return std::error_code();
        }, compression);
        std::vector<std::optional<std::uint64_t>> positions(entries.size());
        for (std::size_t i = 2; i < entries.size(); ++i) {
            positions[i] = toc_start + toc_size + writer.bytes_written();
            REQUIRE_FALSE(writer.begin(entries[i].dump_id, diagnostics));
            REQUIRE_FALSE(writer.write(from_text(std::string(1000 * i, 'a') + "\n\\.\n\n\n")));
            REQUIRE_FALSE(writer.finish());
        }

        Bytes rewritten;
        REQUIRE_FALSE(append_toc(rewritten, header.version, entries, positions, diagnostics));
        REQUIRE(rewritten.size() == toc_size);
        std::copy(rewritten.begin(), rewritten.end(), archive.begin() + static_cast<std::ptrdiff_t>(toc_start));

        ArchiveHead head;
        REQUIRE_FALSE(parse_archive_head(archive, head, diagnostics));
        CHECK(head.data_start == toc_start + toc_size);
        CHECK(head.toc[2].data_offset == DataOffset{OffsetFlag::set, *positions[2]});
        CHECK(head.toc[3].data_offset == DataOffset{OffsetFlag::set, *positions[3]});
        CHECK_FALSE(read_everything(archive, diagnostics));
    }
}
