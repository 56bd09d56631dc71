#include "dumpfmt/archive_check.hpp"
#include "dumpfmt/check_errc.hpp"
#include "dumpfmt/encoding.hpp"
#include "dumpfmt/errc.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <zlib.h>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::load_archive;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

ArchiveHead read_head(std::span<const std::uint8_t> bytes) {
    ArchiveHead head;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_archive_head(bytes, head, diagnostics));
    return head;
}

const EntryDataSummary& find_summary(const ArchiveCheckReport& report, std::string_view tag) {
    const auto found = std::find_if(report.entries.begin(), report.entries.end(),
                                    [&](const EntryDataSummary& entry) { return entry.tag == tag; });
    REQUIRE(found != report.entries.end());
    return *found;
}

bool has_problem(const ArchiveCheckReport& report, std::error_code error) {
    return std::any_of(report.problems.begin(), report.problems.end(),
                       [&](const ArchiveProblem& problem) { return problem.error == error; });
}

// Checks bytes that may not even hold a whole header and TOC, as verify does.
bool verifies(std::span<const std::uint8_t> bytes) {
    ArchiveHead head;
    Diagnostics diagnostics;
    if (parse_archive_head(bytes, head, diagnostics)) {
        return false;
    }
    return check_archive(bytes, head).ok();
}

std::size_t find_text(const Bytes& bytes, std::string_view text, std::size_t from) {
    const auto found = std::search(bytes.begin() + static_cast<std::ptrdiff_t>(from), bytes.end(), text.begin(),
                                   text.end());
    REQUIRE(found != bytes.end());
    return static_cast<std::size_t>(found - bytes.begin());
}

Bytes zlib_stream(std::string_view text) {
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    Bytes out(size);
    REQUIRE(compress2(out.data(), &size, reinterpret_cast<const Bytef*>(text.data()),
                      static_cast<uLong>(text.size()), 9) == Z_OK);
    out.resize(size);
    return out;
}

}  // namespace

TEST_CASE("check passes pg_dump 17 large object groups", "[dumpfmt][check]") {
    const Bytes bytes = load_archive("lo_groups17.dump");
    const ArchiveCheckReport report = check_archive(bytes, read_head(bytes));
    CHECK(report.ok());
    // Each BLOBS entry depends on pg_dump's pre-data boundary, which has no entry.
    CHECK(report.warnings.empty());
    CHECK(find_summary(report, "32489..32490").large_objects == 2);
    CHECK(find_summary(report, "32491").large_objects == 1);
}

TEST_CASE("check passes real archives", "[dumpfmt][check]") {
    for (const char* name : {"tiny_z0.dump", "tiny_z9.dump", "tiny_pipe.dump"}) {
        INFO(name);
        const Bytes bytes = load_archive(name);
        const ArchiveCheckReport report = check_archive(bytes, read_head(bytes));
        CHECK(report.ok());
        CHECK(report.entries.size() == 3);
        CHECK(report.data_offsets_used == (std::string_view(name) != "tiny_pipe.dump"));
        CHECK(find_summary(report, "t").rows == 3);
        CHECK(find_summary(report, "t").rows_counted);
        CHECK(find_summary(report, "empty_t").rows == 0);
        CHECK(find_summary(report, "BLOBS").large_objects == 2);
    }
}

TEST_CASE("check schema-only archive", "[dumpfmt][check]") {
    const Bytes bytes = load_archive("tiny_schema.dump");
    const ArchiveCheckReport report = check_archive(bytes, read_head(bytes));
    CHECK(report.ok());
    CHECK(report.entries.empty());
}

TEST_CASE("check truncation at every data byte", "[dumpfmt][check]") {
    for (const char* name : {"tiny_z0.dump", "tiny_z9.dump", "tiny_pipe.dump"}) {
        const Bytes bytes = load_archive(name);
        const std::size_t data_start = read_head(bytes).data_start;
        for (std::size_t size = 0; size < bytes.size(); ++size) {
            INFO(name << " cut to " << size << " bytes, data starts at " << data_start);
            CHECK_FALSE(verifies(std::span(bytes).first(size)));
        }
    }
}

TEST_CASE("check names entry and offset of truncation", "[dumpfmt][check]") {
    const Bytes bytes = load_archive("tiny_pipe.dump");
    const ArchiveHead head = read_head(bytes);
    const Bytes cut(bytes.begin(), bytes.end() - 5);
    const ArchiveCheckReport report = check_archive(cut, head);
    REQUIRE_FALSE(report.ok());
    CHECK(report.problems.front().error == errc::truncated);
    CHECK(report.problems.front().message.starts_with("TOC entry 3355 (BLOBS): at archive byte "));
    CHECK_FALSE(find_summary(report, "BLOBS").ok);
    CHECK(find_summary(report, "t").ok);
}

TEST_CASE("check flipped separator in uncompressed data", "[dumpfmt][check]") {
    Bytes bytes = load_archive("tiny_z0.dump");
    const ArchiveHead head = read_head(bytes);
    const std::size_t tab = find_text(bytes, "1\talpha\n", head.data_start) + 1;
    bytes[tab] = 'X';

    const ArchiveCheckReport report = check_archive(bytes, head);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].error == check_errc::field_count_mismatch);
    CHECK(report.problems[0].message.find("TOC entry 3350 (TABLE DATA public.t), data block at archive byte ") == 0);
    CHECK(report.problems[0].message.ends_with("row 1 at decompressed byte 0 has 1 fields, but the COPY column list has 2"));
    CHECK_FALSE(find_summary(report, "t").ok);
}

TEST_CASE("check flipped byte in compressed data", "[dumpfmt][check]") {
    const Bytes original = load_archive("tiny_z9.dump");
    const ArchiveHead head = read_head(original);
    const auto& t_entry = std::find_if(head.toc.begin(), head.toc.end(), [](const ParsedTocEntry& parsed) {
        return parsed.entry.desc == "TABLE DATA" && parsed.entry.tag == "t";
    })->data_offset;

    // Block header: type byte, dump id int, then the first chunk's length int.
    const std::size_t stream_start = t_entry.position + 1 + 5 + 5;
    for (std::size_t offset = stream_start; offset < stream_start + 20; ++offset) {
        INFO("flipped byte at " << offset);
        Bytes bytes = original;
        bytes[offset] ^= 0x10;
        const ArchiveCheckReport report = check_archive(bytes, head);
        CHECK_FALSE(report.ok());
        CHECK(find_summary(report, "empty_t").ok);
    }
}

TEST_CASE("check missing data block", "[dumpfmt][check]") {
    // In a piped archive the blocks are read in file order, so removing the
    // block of "t" leaves the BLOBS block readable after it.
    const Bytes original = load_archive("tiny_pipe.dump");
    const ArchiveHead head = read_head(original);
    const ArchiveCheckReport complete = check_archive(original, head);
    const std::size_t t_start = find_summary(complete, "t").block_offset;
    const std::size_t blobs_start = find_summary(complete, "BLOBS").block_offset;

    Bytes bytes(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(t_start));
    bytes.insert(bytes.end(), original.begin() + static_cast<std::ptrdiff_t>(blobs_start), original.end());
    const ArchiveCheckReport report = check_archive(bytes, head);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].error == check_errc::missing_data_block);
    CHECK(report.problems[0].message == "TOC entry 3350 (TABLE DATA public.t) has data, but no data block was found");
    CHECK(find_summary(report, "BLOBS").large_objects == 2);
}

TEST_CASE("check data offset pointing at wrong block", "[dumpfmt][check]") {
    const Bytes bytes = load_archive("tiny_z9.dump");
    ArchiveHead head = read_head(bytes);
    auto t_entry = std::find_if(head.toc.begin(), head.toc.end(),
                                [](const ParsedTocEntry& parsed) { return parsed.entry.tag == "t" && parsed.entry.has_data; });
    auto empty_entry = std::find_if(head.toc.begin(), head.toc.end(), [](const ParsedTocEntry& parsed) {
        return parsed.entry.tag == "empty_t" && parsed.entry.has_data;
    });
    t_entry->data_offset = empty_entry->data_offset;

    const ArchiveCheckReport report = check_archive(bytes, head);
    CHECK(has_problem(report, check_errc::unexpected_data_block));
    CHECK_FALSE(find_summary(report, "t").ok);
}

TEST_CASE("check two zlib streams in one member", "[dumpfmt][check]") {
    const Bytes original = load_archive("tiny_pipe.dump");
    const ArchiveHead head = read_head(original);
    const ArchiveCheckReport complete = check_archive(original, head);
    const std::size_t t_start = find_summary(complete, "t").block_offset;
    const std::size_t blobs_start = find_summary(complete, "BLOBS").block_offset;

    // Rewrites the block of "t" as two complete zlib streams, each holding
    // valid COPY text, in two chunks of one member.
    Bytes bytes(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(t_start));
    append_byte(bytes, 1);
    append_int(bytes, 3350);
    for (const Bytes& stream : {zlib_stream("1\talpha\n"), zlib_stream("\\.\n\n\n")}) {
        append_int(bytes, static_cast<std::int32_t>(stream.size()));
        bytes.insert(bytes.end(), stream.begin(), stream.end());
    }
    append_int(bytes, 0);
    bytes.insert(bytes.end(), original.begin() + static_cast<std::ptrdiff_t>(blobs_start), original.end());

    const ArchiveCheckReport report = check_archive(bytes, head);
    REQUIRE_FALSE(report.ok());
    CHECK(report.problems[0].error == errc::trailing_bytes_in_stream);
    CHECK(report.problems[0].message.starts_with("TOC entry 3350 (TABLE DATA public.t): in the chunk at archive byte "));
}

TEST_CASE("check TOC duplicate dump id", "[dumpfmt][check]") {
    const Bytes bytes = load_archive("tiny_schema.dump");
    ArchiveHead head = read_head(bytes);
    head.toc[1].entry.dump_id = head.toc[0].entry.dump_id;

    std::vector<ArchiveProblem> problems;
    std::vector<ArchiveProblem> warnings;
    check_toc_consistency(head, problems, warnings);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].error == check_errc::duplicate_dump_id);
}

TEST_CASE("check TOC missing dependency warns", "[dumpfmt][check]") {
    const Bytes bytes = load_archive("tiny_z9.dump");
    ArchiveHead head = read_head(bytes);
    head.toc.back().entry.dependencies.push_back(99999);

    const ArchiveCheckReport report = check_archive(bytes, head);
    CHECK(report.ok());
    REQUIRE(report.warnings.size() == 1);
    CHECK(report.warnings[0].error == check_errc::missing_dependency);
    CHECK(report.warnings[0].message.find("depends on dump id 99999, which no entry has") != std::string::npos);
}

TEST_CASE("check TOC data flag disagreement", "[dumpfmt][check]") {
    const Bytes bytes = load_archive("tiny_z9.dump");
    ArchiveHead head = read_head(bytes);
    auto t_entry = std::find_if(head.toc.begin(), head.toc.end(),
                                [](const ParsedTocEntry& parsed) { return parsed.entry.tag == "t" && parsed.entry.has_data; });
    t_entry->data_offset.flag = OffsetFlag::no_data;

    std::vector<ArchiveProblem> problems;
    std::vector<ArchiveProblem> warnings;
    check_toc_consistency(head, problems, warnings);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].error == errc::data_block_mismatch);
}

TEST_CASE("check TOC sections out of order", "[dumpfmt][check]") {
    const Bytes archive = load_archive("tiny_schema.dump");
    ArchiveHead head = read_head(archive);
    std::vector<ArchiveProblem> problems;
    std::vector<ArchiveProblem> warnings;
    check_toc_consistency(head, problems, warnings);
    REQUIRE(problems.empty());

    auto post_data = std::find_if(head.toc.begin(), head.toc.end(), [](const ParsedTocEntry& parsed) {
        return parsed.entry.section == Section::post_data;
    });
    REQUIRE(post_data != head.toc.end());
    std::iter_swap(head.toc.begin() + 1, post_data);
    check_toc_consistency(head, problems, warnings);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems[0].error == check_errc::section_out_of_order);
    CHECK(problems[0].message.find("is in section pre-data but comes after TOC entry") != std::string::npos);
    CHECK(problems[0].message.find("of section post-data") != std::string::npos);
}

TEST_CASE("check TABLE DATA table id out of range", "[dumpfmt][check]") {
    const Bytes archive = load_archive("tiny_z9.dump");
    ArchiveHead head = read_head(archive);
    auto data_entry = std::find_if(head.toc.begin(), head.toc.end(), [](const ParsedTocEntry& parsed) {
        return parsed.entry.desc == "TABLE DATA" && parsed.entry.tag == "t";
    });
    REQUIRE(data_entry != head.toc.end());
    data_entry->entry.dependencies[0] = 99999;

    std::vector<ArchiveProblem> problems;
    std::vector<ArchiveProblem> warnings;
    check_toc_consistency(head, problems, warnings);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].error == check_errc::missing_dependency);
    CHECK(problems[0].message.find("names dump id 99999 as its table, outside 1 to ") != std::string::npos);
    CHECK(warnings.empty());
}
