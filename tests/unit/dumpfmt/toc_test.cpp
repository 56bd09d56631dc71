#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/errc.hpp"
#include "dumpfmt/toc.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::from_hex;
using wiredump::dumpfmt::test::load_archive;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

TocEntry encoding_entry(int dump_id) {
    TocEntry entry;
    entry.dump_id = dump_id;
    entry.tag = "ENCODING";
    entry.desc = "ENCODING";
    entry.section = Section::pre_data;
    entry.definition = "SET client_encoding = 'UTF8';\n";
    return entry;
}

TocEntry table_data_entry(int dump_id, int table_dump_id) {
    TocEntry entry;
    entry.dump_id = dump_id;
    entry.has_data = true;
    entry.oid = 16385;
    entry.tag = "t";
    entry.desc = "TABLE DATA";
    entry.section = Section::data;
    entry.copy_statement = "COPY public.t (id, name) FROM stdin;\n";
    entry.namespace_name = "public";
    entry.owner = "postgres";
    entry.dependencies = {table_dump_id};
    return entry;
}

std::vector<std::optional<std::uint64_t>> positions_of(const std::vector<ParsedTocEntry>& toc) {
    std::vector<std::optional<std::uint64_t>> positions;
    for (const auto& parsed : toc) {
        if (parsed.data_offset.flag == OffsetFlag::set) {
            positions.emplace_back(parsed.data_offset.position);
        } else {
            positions.emplace_back();
        }
    }
    return positions;
}

}  // namespace

TEST_CASE("toc ENCODING entry matches pg_dump 15 bytes", "[dumpfmt][toc]") {
    // The first entry of a pg_dump 15.18 archive, after the entry count 1.
    const Bytes expected = from_hex(R"(
        00 01000000
        00 1b0d0000
        00 00000000
        00 01000000 30
        00 01000000 30
        00 08000000 454e434f44494e47
        00 08000000 454e434f44494e47
        00 02000000
        00 1e000000 53455420636c69656e745f656e636f64696e67203d202755544638273b0a
        01 01000000
        01 01000000
        01 01000000
        01 01000000
        01 01000000
        01 01000000
        00 05000000 66616c7365
        01 01000000
        03 0000000000000000
    )");

    const TocEntry entries[] = {encoding_entry(3355)};
    Bytes out;
    Diagnostics diagnostics;
    REQUIRE_FALSE(append_toc(out, version_1_14, entries, {}, diagnostics));
    CHECK(out == expected);
}

TEST_CASE("toc rewrite keeps length", "[dumpfmt][toc]") {
    const TocEntry entries[] = {encoding_entry(1), table_data_entry(2, 3), table_data_entry(3, 1)};
    Diagnostics diagnostics;

    Bytes first;
    REQUIRE_FALSE(append_toc(first, version_1_14, entries, {}, diagnostics));

    const std::optional<std::uint64_t> positions[] = {std::nullopt, 2701, 0xfffffffffffull};
    Bytes second;
    REQUIRE_FALSE(append_toc(second, version_1_14, entries, positions, diagnostics));

    CHECK(first.size() == second.size());
    CHECK(first != second);

    // Only the flag and position bytes of the two data entries differ.
    std::size_t differing = 0;
    for (std::size_t i = 0; i < first.size(); ++i) {
        differing += first[i] != second[i] ? 1 : 0;
    }
    CHECK(differing <= 2 * 9);
}

TEST_CASE("toc data offsets per entry", "[dumpfmt][toc]") {
    const TocEntry entries[] = {encoding_entry(1), table_data_entry(2, 1)};
    const std::optional<std::uint64_t> positions[] = {std::nullopt, 2701};
    Bytes out;
    Diagnostics diagnostics;
    REQUIRE_FALSE(append_toc(out, version_1_14, entries, positions, diagnostics));

    std::vector<ParsedTocEntry> parsed;
    std::size_t consumed = 0;
    REQUIRE_FALSE(parse_toc(out, 0, version_1_14, 4, 8, parsed, consumed, diagnostics));
    REQUIRE(parsed.size() == 2);
    CHECK(consumed == out.size());
    CHECK(parsed[0].data_offset == DataOffset{OffsetFlag::no_data, 0});
    CHECK(parsed[1].data_offset == DataOffset{OffsetFlag::set, 2701});
    CHECK(parsed[1].entry.dependencies == std::vector<int>{1});
    CHECK(parsed[1].entry.copy_statement == "COPY public.t (id, name) FROM stdin;\n");
    CHECK(parsed[1].entry.oid == 16385);
    CHECK(parsed[1].with_oids == "false");
}

TEST_CASE("toc writer rejects invalid entries", "[dumpfmt][toc]") {
    Diagnostics diagnostics;
    Bytes out;

    const TocEntry zero_id[] = {encoding_entry(0)};
    CHECK(append_toc(out, version_1_14, zero_id, {}, diagnostics) == errc::invalid_argument);
    CHECK(diagnostics.client_message() == "TOC entry ENCODING \"ENCODING\" has dump id 0, but dump ids must be 1 or above");

    const TocEntry bad_dependency[] = {table_data_entry(1, -4)};
    CHECK(append_toc(out, version_1_14, bad_dependency, {}, diagnostics) == errc::invalid_argument);

    const TocEntry missing_dependency[] = {encoding_entry(1), table_data_entry(2, 5)};
    CHECK(append_toc(out, version_1_14, missing_dependency, {}, diagnostics) == errc::invalid_argument);
    CHECK(diagnostics.client_message() == "TOC entry TABLE DATA \"t\" depends on dump id 5, which no entry has");

    const TocEntry repeated_id[] = {encoding_entry(1), table_data_entry(1, 1)};
    CHECK(append_toc(out, version_1_14, repeated_id, {}, diagnostics) == errc::invalid_argument);
    CHECK(diagnostics.client_message() == "two TOC entries have dump id 1, but dump ids must be unique");

    const TocEntry no_data[] = {encoding_entry(1)};
    const std::optional<std::uint64_t> position[] = {100};
    CHECK(append_toc(out, version_1_14, no_data, position, diagnostics) == errc::invalid_argument);

    const TocEntry two[] = {encoding_entry(1), encoding_entry(2)};
    CHECK(append_toc(out, version_1_14, two, position, diagnostics) == errc::invalid_argument);

    CHECK(out.empty());
}

TEST_CASE("toc layout per version", "[dumpfmt][toc]") {
    TocEntry table;
    table.dump_id = 1;
    table.tag = "t";
    table.desc = "TABLE";
    table.table_access_method = "heap";
    table.relkind = 'r';
    const TocEntry entries[] = {table};
    Diagnostics diagnostics;

    Bytes v13;
    Bytes v14;
    Bytes v16;
    REQUIRE_FALSE(append_toc(v13, version_1_13, entries, {}, diagnostics));
    REQUIRE_FALSE(append_toc(v14, version_1_14, entries, {}, diagnostics));
    REQUIRE_FALSE(append_toc(v16, version_1_16, entries, {}, diagnostics));

    // tableam "heap" takes 9 bytes, and relkind is a 5-byte int.
    CHECK(v14.size() == v13.size() + 9);
    CHECK(v16.size() == v14.size() + 5);

    for (const auto& [version, bytes] : {std::pair{version_1_13, v13}, {version_1_14, v14}, {version_1_16, v16}}) {
        INFO(version.to_string());
        std::vector<ParsedTocEntry> parsed;
        std::size_t consumed = 0;
        REQUIRE_FALSE(parse_toc(bytes, 0, version, 4, 8, parsed, consumed, diagnostics));
        REQUIRE(parsed.size() == 1);
        CHECK(consumed == bytes.size());
        CHECK(parsed[0].entry.table_access_method ==
              (version >= version_1_14 ? std::optional<std::string>("heap") : std::nullopt));
        CHECK(parsed[0].entry.relkind == (version >= version_1_16 ? 'r' : 0));
    }
}

TEST_CASE("toc of real archives re-encodes identically", "[dumpfmt][toc]") {
    for (const char* name : {"tiny_z0.dump", "tiny_z9.dump", "tiny_pipe.dump", "tiny_schema.dump"}) {
        INFO(name);
        const Bytes archive = load_archive(name);
        ArchiveHead head;
        Diagnostics diagnostics;
        REQUIRE_FALSE(parse_archive_head(archive, head, diagnostics));

        std::vector<TocEntry> entries;
        for (const auto& parsed : head.toc) {
            entries.push_back(parsed.entry);
        }
        const auto positions = positions_of(head.toc);

        Bytes encoded;
        REQUIRE_FALSE(append_toc(encoded, head.header.version, entries, positions, diagnostics));

        std::size_t toc_start = head.data_start - encoded.size();
        CHECK(Bytes(archive.begin() + static_cast<std::ptrdiff_t>(toc_start),
                    archive.begin() + static_cast<std::ptrdiff_t>(head.data_start)) == encoded);
    }
}

TEST_CASE("toc parser rejects dump id 0", "[dumpfmt][toc]") {
    const TocEntry entries[] = {encoding_entry(7)};
    Bytes out;
    Diagnostics diagnostics;
    REQUIRE_FALSE(append_toc(out, version_1_14, entries, {}, diagnostics));
    out[6] = 0;  // dump id 7 becomes 0

    std::vector<ParsedTocEntry> parsed;
    std::size_t consumed = 0;
    CHECK(parse_toc(out, 130, version_1_14, 4, 8, parsed, consumed, diagnostics) == errc::dump_id_out_of_range);
    CHECK(diagnostics.client_message() == "at archive byte 135, TOC entry 1 of 1, dump id: dump id 0 is below 1");
}

TEST_CASE("toc parser rejects bad offset flag", "[dumpfmt][toc]") {
    const TocEntry entries[] = {encoding_entry(7)};
    Bytes out;
    Diagnostics diagnostics;
    REQUIRE_FALSE(append_toc(out, version_1_14, entries, {}, diagnostics));
    out[out.size() - 9] = 9;

    std::vector<ParsedTocEntry> parsed;
    std::size_t consumed = 0;
    CHECK(parse_toc(out, 0, version_1_14, 4, 8, parsed, consumed, diagnostics) == errc::invalid_offset_flag);
}

TEST_CASE("toc parser rejects non-decimal oid", "[dumpfmt][toc]") {
    TocEntry entry = encoding_entry(7);
    const TocEntry entries[] = {entry};
    Bytes out;
    Diagnostics diagnostics;
    REQUIRE_FALSE(append_toc(out, version_1_14, entries, {}, diagnostics));
    // tableoid "0" sits after the count, dump id and hadDumper ints and its length.
    out[5 + 5 + 5 + 5] = 'x';

    std::vector<ParsedTocEntry> parsed;
    std::size_t consumed = 0;
    CHECK(parse_toc(out, 0, version_1_14, 4, 8, parsed, consumed, diagnostics) == errc::invalid_number_text);
    CHECK(diagnostics.client_message() == "at archive byte 15, TOC entry 1 of 1, tableoid: \"x\" is not a decimal OID");
}

TEST_CASE("toc parser truncated at every byte", "[dumpfmt][toc]") {
    const TocEntry entries[] = {encoding_entry(1), table_data_entry(2, 1)};
    Bytes out;
    Diagnostics diagnostics;
    REQUIRE_FALSE(append_toc(out, version_1_14, entries, {}, diagnostics));

    for (std::size_t size = 0; size < out.size(); ++size) {
        INFO("size " << size);
        std::vector<ParsedTocEntry> parsed;
        std::size_t consumed = 0;
        CHECK(parse_toc(std::span<const std::uint8_t>(out.data(), size), 0, version_1_14, 4, 8, parsed, consumed,
                        diagnostics) == errc::truncated);
    }
}
