#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/archive_writer.hpp"
#include "dumpfmt/errc.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::from_text;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

TocEntry make_entry(int dump_id, const char* desc, const char* tag, bool has_data) {
    TocEntry entry;
    entry.dump_id = dump_id;
    entry.desc = desc;
    entry.tag = tag;
    entry.has_data = has_data;
    entry.section = has_data ? Section::data : Section::pre_data;
    return entry;
}

std::vector<TocEntry> sample_entries() {
    auto table_data = make_entry(3, "TABLE DATA", "t", true);
    table_data.dependencies = {2};
    auto empty_data = make_entry(4, "TABLE DATA", "e", true);
    empty_data.dependencies = {1};
    return {make_entry(1, "TABLE", "e", false), make_entry(2, "TABLE", "t", false), table_data, empty_data,
            make_entry(5, "BLOBS", "BLOBS", true)};
}

ArchiveHeader sample_header(Compression compression) {
    ArchiveHeader header;
    header.compression = compression;
    header.database_name = "db";
    header.server_version = "15.20";
    header.dumper_version = "wiredump 0.1.0";
    return header;
}

// Writes the sample archive, stopping at the first error.
std::error_code write_sample(ArchiveWriter& writer, Diagnostics& diagnostics) {
    std::error_code error = writer.write_head(diagnostics);
    if (!error) error = writer.begin_data(3, diagnostics);
    if (!error) error = writer.write_data(from_text("1\talpha\n"));
    if (!error) error = writer.write_data(from_text("\\.\n\n\n"));
    if (!error) error = writer.end_data();
    if (!error) error = writer.begin_data(4, diagnostics);
    if (!error) error = writer.end_data();
    if (!error) error = writer.begin_blobs(5, diagnostics);
    if (!error) error = writer.begin_large_object(3000000000u, diagnostics);
    if (!error) error = writer.write_data(from_text("large object"));
    if (!error) error = writer.end_large_object();
    if (!error) error = writer.end_blobs();
    return error;
}

std::error_code read_everything(const Bytes& archive, ArchiveHead& head, std::vector<DataBlock>& blocks,
                                Diagnostics& diagnostics) {
    if (auto error = parse_archive_head(archive, head, diagnostics)) {
        return error;
    }
    if (auto error = read_all_blocks(archive, head, blocks, diagnostics)) {
        return error;
    }
    return check_data_offsets(head, blocks, diagnostics);
}

}  // namespace

TEST_CASE("archive writer seekable output", "[dumpfmt][archive_writer]") {
    for (const auto& compression : {Compression{}, Compression::zlib(9)}) {
        INFO("level " << compression.level);
        Bytes archive;
        ArchiveWriter writer([&](std::span<const std::uint8_t> bytes) {
            archive.insert(archive.end(), bytes.begin(), bytes.end());
            return std::error_code();
        }, sample_header(compression), sample_entries());
        Diagnostics diagnostics;
        REQUIRE_FALSE(write_sample(writer, diagnostics));
        CHECK(writer.bytes_written() == archive.size());

        Bytes toc;
        REQUIRE_FALSE(writer.final_toc(toc, diagnostics));
        REQUIRE(writer.toc_offset() + toc.size() <= archive.size());
        std::copy(toc.begin(), toc.end(), archive.begin() + static_cast<std::ptrdiff_t>(writer.toc_offset()));

        ArchiveHead head;
        std::vector<DataBlock> blocks;
        const auto error = read_everything(archive, head, blocks, diagnostics);
        INFO(diagnostics.client_message());
        REQUIRE_FALSE(error);
        REQUIRE(blocks.size() == 3);
        CHECK(head.toc[2].data_offset.flag == OffsetFlag::set);
        CHECK(head.toc[0].data_offset.flag == OffsetFlag::no_data);
        CHECK(blocks[0].members[0].data == from_text("1\talpha\n\\.\n\n\n"));
        CHECK(blocks[1].members[0].data.empty());
        CHECK(blocks[2].members[0].large_object_oid == 3000000000u);
        CHECK(blocks[2].members[0].data == from_text("large object"));
    }
}

TEST_CASE("archive writer pipe output", "[dumpfmt][archive_writer]") {
    Bytes archive;
    ArchiveWriter writer([&](std::span<const std::uint8_t> bytes) {
        archive.insert(archive.end(), bytes.begin(), bytes.end());
        return std::error_code();
    }, sample_header(Compression::zlib(6)), sample_entries());
    Diagnostics diagnostics;
    REQUIRE_FALSE(write_sample(writer, diagnostics));

    Bytes toc;
    REQUIRE_FALSE(writer.final_toc(toc, diagnostics));

    ArchiveHead head;
    std::vector<DataBlock> blocks;
    REQUIRE_FALSE(read_everything(archive, head, blocks, diagnostics));
    CHECK(head.toc[2].data_offset.flag == OffsetFlag::not_set);
    CHECK(head.toc[4].data_offset.flag == OffsetFlag::not_set);
}

TEST_CASE("archive writer enforces TOC order", "[dumpfmt][archive_writer]") {
    Bytes archive;
    ArchiveWriter writer([&](std::span<const std::uint8_t> bytes) {
        archive.insert(archive.end(), bytes.begin(), bytes.end());
        return std::error_code();
    }, sample_header(Compression{}), sample_entries());
    Diagnostics diagnostics;

    CHECK(writer.begin_data(3, diagnostics) == errc::writer_state);
    REQUIRE_FALSE(writer.write_head(diagnostics));
    CHECK(writer.write_head(diagnostics) == errc::writer_state);

    // Entry 1 has no data, and 99 does not exist.
    CHECK(writer.begin_data(1, diagnostics) == errc::writer_state);
    CHECK(writer.begin_data(99, diagnostics) == errc::writer_state);

    REQUIRE_FALSE(writer.begin_data(4, diagnostics));
    CHECK(writer.begin_data(5, diagnostics) == errc::writer_state);
    REQUIRE_FALSE(writer.end_data());

    // Entry 3 comes before 4 in the TOC, so its block can no longer be written.
    CHECK(writer.begin_data(3, diagnostics) == errc::writer_state);
    CHECK(diagnostics.client_message() ==
          "no TOC entry with data and dump id 3 follows the previous block: write blocks once each, in TOC order");
    CHECK(writer.begin_data(4, diagnostics) == errc::writer_state);

    Bytes toc;
    CHECK(writer.final_toc(toc, diagnostics) == errc::writer_state);
    CHECK(diagnostics.client_message() == "TOC entry 3 (TABLE DATA t) has data but no data block was written for it");
}

TEST_CASE("archive writer rejects misplaced calls", "[dumpfmt][archive_writer]") {
    ArchiveWriter writer([](std::span<const std::uint8_t>) { return std::error_code(); },
                         sample_header(Compression{}), sample_entries());
    Diagnostics diagnostics;
    REQUIRE_FALSE(writer.write_head(diagnostics));

    CHECK(writer.write_data(from_text("x")) == errc::writer_state);
    CHECK(writer.end_data() == errc::writer_state);
    CHECK(writer.end_blobs() == errc::writer_state);
    CHECK(writer.begin_large_object(7, diagnostics) == errc::writer_state);

    REQUIRE_FALSE(writer.begin_data(3, diagnostics));
    CHECK(writer.begin_large_object(7, diagnostics) == errc::writer_state);
    CHECK(writer.end_blobs() == errc::writer_state);
    Bytes toc;
    CHECK(writer.final_toc(toc, diagnostics) == errc::writer_state);
}

TEST_CASE("archive writer sink error at every call", "[dumpfmt][archive_writer]") {
    const std::error_code injected = std::make_error_code(std::errc::broken_pipe);

    std::size_t calls = 0;
    {
        ArchiveWriter writer([&](std::span<const std::uint8_t>) { ++calls; return std::error_code(); },
                             sample_header(Compression::zlib(9)), sample_entries());
        Diagnostics diagnostics;
        REQUIRE_FALSE(write_sample(writer, diagnostics));
    }
    REQUIRE(calls > 10);

    for (std::size_t fail_at = 0; fail_at < calls; ++fail_at) {
        INFO("fault at sink call " << fail_at);
        std::size_t call = 0;
        ArchiveWriter writer(
            [&](std::span<const std::uint8_t>) { return call++ == fail_at ? injected : std::error_code(); },
            sample_header(Compression::zlib(9)), sample_entries());
        Diagnostics diagnostics;
        CHECK(write_sample(writer, diagnostics) == injected);
    }
}

TEST_CASE("archive writer rejects invalid header", "[dumpfmt][archive_writer]") {
    ArchiveHeader header = sample_header(Compression{CompressionAlgorithm::lz4, 1});
    Bytes archive;
    ArchiveWriter writer([&](std::span<const std::uint8_t> bytes) {
        archive.insert(archive.end(), bytes.begin(), bytes.end());
        return std::error_code();
    }, header, sample_entries());
    Diagnostics diagnostics;
    CHECK(writer.write_head(diagnostics) == errc::invalid_argument);
    CHECK(archive.empty());
}
