#include "dumpfmt/toc_listing.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::load_archive;
using wiredump::protocol::Diagnostics;

namespace {

// pg_restore prints the creation time in local time, and the fixture
// archives were made in UTC.
void use_utc() {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
}

ArchiveHead read_head(std::string_view name) {
    const auto bytes = load_archive(name);
    ArchiveHead head;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_archive_head(bytes, head, diagnostics));
    return head;
}

TocEntry make_entry(int dump_id, std::string desc, std::string tag, std::optional<std::string> definition) {
    TocEntry entry;
    entry.dump_id = dump_id;
    entry.desc = std::move(desc);
    entry.tag = std::move(tag);
    entry.definition = std::move(definition);
    entry.namespace_name = "public";
    entry.owner = "alice";
    return entry;
}

}  // namespace

// Output of pg_restore -l from PostgreSQL 15.20 for tests/data/archives/tiny_z9.dump, with TZ=UTC.
TEST_CASE("listing equals pg_restore 15 output", "[dumpfmt][listing]") {
    use_utc();
    const std::string expected =
        ";\n"
        "; Archive created at 2026-12-04 20:24:30 UTC\n"
        ";     dbname: tiny\n"
        ";     TOC Entries: 16\n"
        ";     Compression: 9\n"
        ";     Dump Version: 1.14-0\n"
        ";     Format: CUSTOM\n"
        ";     Integer: 4 bytes\n"
        ";     Offset: 8 bytes\n"
        ";     Dumped from database version: 15.20 (Debian 15.20-0+deb12u1)\n"
        ";     Dumped by pg_dump version: 15.20 (Debian 15.20-0+deb12u1)\n"
        ";\n"
        ";\n"
        "; Selected TOC Entries:\n"
        ";\n"
        "215; 1259 16392 TABLE public empty_t postgres\n"
        "216; 1259 16395 SEQUENCE public s postgres\n"
        "214; 1259 16385 TABLE public t postgres\n"
        "3362; 0 0 COMMENT public TABLE t postgres\n"
        "217; 1259 16396 VIEW public v postgres\n"
        "3353; 2613 16400 BLOB - 16400 postgres\n"
        "3354; 2613 3000000000 BLOB - 3000000000 postgres\n"
        "3351; 0 16392 TABLE DATA public empty_t postgres\n"
        "3350; 0 16385 TABLE DATA public t postgres\n"
        "3363; 0 0 SEQUENCE SET public s postgres\n"
        "3355; 0 0 BLOBS - BLOBS \n"
        "3206; 2606 16391 CONSTRAINT public t t_pkey postgres\n";
    CHECK(format_toc_summary(read_head("tiny_z9.dump")) == expected);
}

TEST_CASE("listing compression line by archive", "[dumpfmt][listing]") {
    use_utc();
    CHECK(format_toc_summary(read_head("tiny_z0.dump")).find(";     Compression: 0\n") != std::string::npos);
    CHECK(format_toc_summary(read_head("tiny_pipe.dump")).find(";     Compression: -1\n") != std::string::npos);

    ArchiveHead head = read_head("tiny_z9.dump");
    head.header.stored_level.reset();
    head.header.compression.algorithm = CompressionAlgorithm::zstd;
    CHECK(format_toc_summary(head).find(";     Compression: zstd\n") != std::string::npos);
}

TEST_CASE("listing skips entries pg_restore skips", "[dumpfmt][listing]") {
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(1, "ENCODING", "ENCODING", "SET client_encoding = 'UTF8';\n")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(2, "STDSTRINGS", "STDSTRINGS", "SET x;\n")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(3, "SEARCHPATH", "SEARCHPATH", "SELECT 1;\n")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(4, "DATABASE", "shop", "CREATE DATABASE shop;\n")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(5, "DATABASE PROPERTIES", "shop", "ALTER DATABASE shop;\n")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(6, "COMMENT", "DATABASE shop", "COMMENT ON DATABASE shop;\n")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(7, "ACL", "DATABASE shop", "GRANT CONNECT;\n")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(8, "SCHEMA", "public", "")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(9, "SCHEMA", "public", std::nullopt)));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(10, "<Init>", "Max OID", "x")));
}

TEST_CASE("listing keeps data entries without definition", "[dumpfmt][listing]") {
    CHECK(is_listed_in_toc_summary(make_entry(1, "SEQUENCE SET", "s", std::nullopt)));
    CHECK(is_listed_in_toc_summary(make_entry(2, "BLOB", "16400", std::nullopt)));
    CHECK(is_listed_in_toc_summary(make_entry(3, "COMMENT", "LARGE OBJECT 16400", std::nullopt)));
    CHECK(is_listed_in_toc_summary(make_entry(4, "ACL", "LARGE OBJECT 16400", "")));
    CHECK(is_listed_in_toc_summary(make_entry(5, "SECURITY LABEL", "LARGE OBJECT 16400", "")));

    TocEntry table_data = make_entry(6, "TABLE DATA", "t", "");
    table_data.has_data = true;
    CHECK(is_listed_in_toc_summary(table_data));

    CHECK(is_listed_in_toc_summary(make_entry(7, "TABLE", "t", "CREATE TABLE t ();\n")));
    CHECK_FALSE(is_listed_in_toc_summary(make_entry(8, "COMMENT", "TABLE t", "")));
}

TEST_CASE("listing line of missing and multi-line names", "[dumpfmt][listing]") {
    use_utc();
    ArchiveHead head = read_head("tiny_schema.dump");
    head.toc.clear();

    ParsedTocEntry parsed;
    parsed.entry = make_entry(42, "TABLE", "two\nlines\r", "CREATE TABLE x ();\n");
    parsed.entry.catalog_table_oid = 1259;
    parsed.entry.oid = 4000000000u;
    parsed.entry.namespace_name.reset();
    parsed.entry.owner.reset();
    head.toc.push_back(parsed);

    parsed.entry = make_entry(43, "SCHEMA", "s", "CREATE SCHEMA s;\n");
    parsed.entry.namespace_name = "";
    parsed.entry.owner = "";
    head.toc.push_back(parsed);

    const std::string listing = format_toc_summary(head);
    CHECK(listing.find(";     TOC Entries: 2\n") != std::string::npos);
    CHECK(listing.ends_with("; Selected TOC Entries:\n;\n"
                            "42; 1259 4000000000 TABLE - two lines  \n"
                            "43; 0 0 SCHEMA - s \n"));
}
