#include "dumpfmt/check_errc.hpp"
#include "dumpfmt/copy_data_check.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::dumpfmt;

namespace {

// Feeds `text` in pieces of `piece_size` bytes, so that lines and the end
// marker cross write() calls.
CopyDataChecker check_text(std::string_view text, std::size_t columns, std::size_t piece_size) {
    CopyDataChecker checker(columns);
    for (std::size_t start = 0; start < text.size(); start += piece_size) {
        const std::string_view piece = text.substr(start, piece_size);
        checker.write({reinterpret_cast<const std::uint8_t*>(piece.data()), piece.size()});
    }
    checker.finish();
    return checker;
}

}  // namespace

TEST_CASE("copy columns from COPY statement", "[dumpfmt][check]") {
    CHECK(count_copy_columns("COPY public.t (id, name) FROM stdin;\n") == 2u);
    CHECK(count_copy_columns("COPY public.t (id) FROM stdin;\n") == 1u);
    CHECK(count_copy_columns("COPY public.nocols  FROM stdin;\n") == 0u);
    CHECK(count_copy_columns("COPY \"we(ird\".\"t a\" (\"b,c\", \"\"\"q\"\"\", x) FROM stdin;\n") == 3u);
    CHECK(count_copy_columns("COPY public.t (\"caf\xc3\xa9\", b) FROM stdin;\n") == 2u);
    CHECK_FALSE(count_copy_columns("INSERT INTO t VALUES (1);\n"));
    CHECK_FALSE(count_copy_columns("COPY public.t (id, name) TO stdout;\n"));
    CHECK_FALSE(count_copy_columns("COPY public.t (\"open FROM stdin;\n"));
}

TEST_CASE("copy checker accepts pg_dump data", "[dumpfmt][check]") {
    const std::string_view data = "1\talpha\n2\t\\N\n3\ttab\\there\n\\.\n\n\n";
    for (const std::size_t piece : {1u, 2u, 5u, 1000u}) {
        INFO("piece size " << piece);
        const CopyDataChecker checker = check_text(data, 2, piece);
        CHECK_FALSE(checker.error());
        CHECK(checker.rows() == 3);
    }
}

TEST_CASE("copy checker on empty table", "[dumpfmt][check]") {
    const CopyDataChecker checker = check_text("\\.\n\n\n", 4, 3);
    CHECK_FALSE(checker.error());
    CHECK(checker.rows() == 0);
}

TEST_CASE("copy checker on table without columns", "[dumpfmt][check]") {
    const CopyDataChecker good = check_text("\n\n\\.\n\n\n", 0, 1);
    CHECK_FALSE(good.error());
    CHECK(good.rows() == 2);

    const CopyDataChecker bad = check_text("x\n\\.\n", 0, 10);
    CHECK(bad.error() == check_errc::field_count_mismatch);
}

TEST_CASE("copy checker field count mismatch", "[dumpfmt][check]") {
    const CopyDataChecker few = check_text("1\ta\n2\n\\.\n", 2, 4);
    CHECK(few.error() == check_errc::field_count_mismatch);
    CHECK(few.error_message() == "row 2 at decompressed byte 4 has 1 fields, but the COPY column list has 2");

    const CopyDataChecker many = check_text("1\ta\tb\n\\.\n", 2, 100);
    CHECK(many.error() == check_errc::field_count_mismatch);
}

TEST_CASE("copy checker missing end marker", "[dumpfmt][check]") {
    const CopyDataChecker checker = check_text("1\ta\n2\tb\n", 2, 3);
    CHECK(checker.error() == check_errc::missing_end_marker);
    CHECK(checker.rows() == 2);
}

TEST_CASE("copy checker unterminated line", "[dumpfmt][check]") {
    CHECK(check_text("1\ta\n2\tb", 2, 3).error() == check_errc::unterminated_line);
    CHECK(check_text("1\ta\n\\.", 2, 3).error() == check_errc::unterminated_line);
}

TEST_CASE("copy checker data after end marker", "[dumpfmt][check]") {
    CHECK(check_text("1\ta\n\\.\n3\tc\n", 2, 3).error() == check_errc::data_after_end_marker);
}

TEST_CASE("copy checker escaped end marker is a row", "[dumpfmt][check]") {
    // COPY writes a value that is only "\." as "\\.", so that line is data.
    const CopyDataChecker checker = check_text("\\\\.\n\\.\n", 1, 2);
    CHECK_FALSE(checker.error());
    CHECK(checker.rows() == 1);
}
