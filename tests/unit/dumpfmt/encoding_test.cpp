#include "dumpfmt/encoding.hpp"
#include "dumpfmt/errc.hpp"

#include <catch2/catch.hpp>

#include <climits>
#include <cstdint>
#include <vector>

using namespace wiredump::dumpfmt;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes int_bytes(std::int32_t value) {
    Bytes out;
    append_int(out, value);
    return out;
}

}  // namespace

TEST_CASE("int encoding of small values", "[dumpfmt][encoding]") {
    CHECK(int_bytes(0) == Bytes{0, 0, 0, 0, 0});
    CHECK(int_bytes(13) == Bytes{0, 13, 0, 0, 0});
    CHECK(int_bytes(3355) == Bytes{0, 0x1b, 0x0d, 0, 0});
    CHECK(int_bytes(-1) == Bytes{1, 1, 0, 0, 0});
    CHECK(int_bytes(-300) == Bytes{1, 0x2c, 0x01, 0, 0});
}

TEST_CASE("int encoding of extremes", "[dumpfmt][encoding]") {
    CHECK(int_bytes(INT32_MAX) == Bytes{0, 0xff, 0xff, 0xff, 0x7f});
    CHECK(int_bytes(INT32_MIN) == Bytes{1, 0, 0, 0, 0x80});
}

TEST_CASE("oid encoding at and above 2^31", "[dumpfmt][encoding]") {
    Bytes out;
    append_oid(out, 16400);
    CHECK(out == Bytes{0, 0x10, 0x40, 0, 0});

    // pg_dump 15 wrote large object 3000000000 as these bytes.
    out.clear();
    append_oid(out, 3000000000u);
    CHECK(out == Bytes{1, 0x00, 0xa2, 0x2f, 0x4d});

    out.clear();
    append_oid(out, 2147483648u);
    CHECK(out == Bytes{1, 0, 0, 0, 0x80});

    out.clear();
    append_oid(out, UINT32_MAX);
    CHECK(out == Bytes{1, 1, 0, 0, 0});
}

TEST_CASE("oid round trip through reader", "[dumpfmt][encoding]") {
    for (std::uint32_t oid : {0u, 1u, 16400u, 2147483647u, 2147483648u, 3000000000u, UINT32_MAX}) {
        Bytes out;
        append_oid(out, oid);
        ByteReader reader(out);
        std::uint32_t read = 0;
        REQUIRE_FALSE(reader.read_oid(read, "oid"));
        CHECK(read == oid);
        CHECK(reader.remaining() == 0);
    }
}

TEST_CASE("int round trip through reader", "[dumpfmt][encoding]") {
    for (std::int32_t value : {0, 1, -1, 255, 256, -65536, INT32_MAX, INT32_MIN}) {
        Bytes out;
        append_int(out, value);
        ByteReader reader(out);
        std::int32_t read = 0;
        REQUIRE_FALSE(reader.read_int32(read, "value"));
        CHECK(read == value);
    }
}

TEST_CASE("string encoding with NULL and empty", "[dumpfmt][encoding]") {
    Bytes out;
    append_string(out, "tiny");
    CHECK(out == Bytes{0, 4, 0, 0, 0, 't', 'i', 'n', 'y'});

    out.clear();
    append_string(out, "");
    CHECK(out == Bytes{0, 0, 0, 0, 0});

    out.clear();
    append_null_string(out);
    CHECK(out == Bytes{1, 1, 0, 0, 0});

    out.clear();
    append_optional_string(out, std::nullopt);
    append_optional_string(out, std::string("x"));
    CHECK(out == Bytes{1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 'x'});
}

TEST_CASE("string reader NULL, empty and negative", "[dumpfmt][encoding]") {
    const Bytes input{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 7, 0, 0, 0, 0, 2, 0, 0, 0, 'o', 'k'};
    ByteReader reader(input);
    std::optional<std::string> value;

    REQUIRE_FALSE(reader.read_string(value, "a"));
    CHECK_FALSE(value.has_value());
    REQUIRE_FALSE(reader.read_string(value, "b"));
    CHECK(value == std::string());
    // pg_restore reads any negative length as NULL.
    REQUIRE_FALSE(reader.read_string(value, "c"));
    CHECK_FALSE(value.has_value());
    REQUIRE_FALSE(reader.read_string(value, "d"));
    CHECK(value == std::string("ok"));
}

TEST_CASE("offset encoding of each flag", "[dumpfmt][encoding]") {
    Bytes out;
    append_offset(out, {OffsetFlag::no_data, 0});
    CHECK(out == Bytes{3, 0, 0, 0, 0, 0, 0, 0, 0});

    out.clear();
    append_offset(out, {OffsetFlag::not_set, 0});
    CHECK(out == Bytes{1, 0, 0, 0, 0, 0, 0, 0, 0});

    out.clear();
    append_offset(out, {OffsetFlag::set, 0x0102030405060708ull});
    CHECK(out == Bytes{2, 8, 7, 6, 5, 4, 3, 2, 1});

    ByteReader reader(out);
    DataOffset read;
    REQUIRE_FALSE(reader.read_offset(read, "offset"));
    CHECK(read == DataOffset{OffsetFlag::set, 0x0102030405060708ull});
}

TEST_CASE("offset reader rejects flag 9", "[dumpfmt][encoding]") {
    const Bytes input{9, 0, 0, 0, 0, 0, 0, 0, 0};
    ByteReader reader(input, 100);
    DataOffset read;
    CHECK(reader.read_offset(read, "data offset") == errc::invalid_offset_flag);
    CHECK(reader.error_message() == "at archive byte 100, data offset: the offset flag is 9, expected 1, 2 or 3");
}

TEST_CASE("offset reader with wide offSize", "[dumpfmt][encoding]") {
    Bytes zero_high{2, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ByteReader reader(zero_high);
    reader.set_sizes(4, 10);
    DataOffset read;
    REQUIRE_FALSE(reader.read_offset(read, "offset"));
    CHECK(read.position == 5);

    Bytes nonzero_high{2, 5, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    ByteReader rejecting(nonzero_high);
    rejecting.set_sizes(4, 10);
    CHECK(rejecting.read_offset(read, "offset") == errc::offset_out_of_range);
}

TEST_CASE("offset reader with offSize 4", "[dumpfmt][encoding]") {
    const Bytes input{2, 0x10, 0x20, 0, 0};
    ByteReader reader(input);
    reader.set_sizes(4, 4);
    DataOffset read;
    REQUIRE_FALSE(reader.read_offset(read, "offset"));
    CHECK(read.position == 0x2010);
}

TEST_CASE("int reader with intSize 8", "[dumpfmt][encoding]") {
    const Bytes zero_high{1, 5, 0, 0, 0, 0, 0, 0, 0};
    ByteReader reader(zero_high);
    reader.set_sizes(8, 8);
    std::int32_t value = 0;
    REQUIRE_FALSE(reader.read_int32(value, "value"));
    CHECK(value == -5);

    const Bytes nonzero_high{0, 5, 0, 0, 0, 0, 1, 0, 0};
    ByteReader rejecting(nonzero_high);
    rejecting.set_sizes(8, 8);
    CHECK(rejecting.read_int32(value, "value") == errc::integer_out_of_range);
}

TEST_CASE("int reader rejects value above INT32_MAX", "[dumpfmt][encoding]") {
    const Bytes input{0, 0, 0, 0, 0x80};
    ByteReader reader(input);
    std::int32_t value = 0;
    CHECK(reader.read_int32(value, "value") == errc::integer_out_of_range);

    // The same bytes are a valid OID.
    ByteReader oid_reader(input);
    std::uint32_t oid = 0;
    REQUIRE_FALSE(oid_reader.read_oid(oid, "oid"));
    CHECK(oid == 2147483648u);
}

TEST_CASE("reader truncation names field and offset", "[dumpfmt][encoding]") {
    const Bytes input{0, 9, 0, 0, 0, 'a', 'b'};
    ByteReader reader(input, 40);
    reader.set_context("TOC entry 2 of 5");
    std::optional<std::string> value;
    CHECK(reader.read_string(value, "tag") == errc::truncated);
    CHECK(reader.error_message() ==
          "at archive byte 45, TOC entry 2 of 5, tag: needs 9 bytes but the input ends after 2");
}

TEST_CASE("reader truncated int", "[dumpfmt][encoding]") {
    const Bytes input{0, 1, 0};
    ByteReader reader(input);
    std::int64_t value = 0;
    CHECK(reader.read_int(value, "value") == errc::truncated);
}
