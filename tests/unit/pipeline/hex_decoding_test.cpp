#include "pipeline/hex_decoding.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace wiredump::pipeline;

TEST_CASE("hex decoding plain digits", "[hex_decoding]") {
    std::vector<std::uint8_t> bytes;
    REQUIRE_FALSE(append_hex_bytes("00ff41Aa", bytes));
    CHECK(bytes == std::vector<std::uint8_t>{0x00, 0xff, 0x41, 0xaa});
}

TEST_CASE("hex decoding bytea prefix", "[hex_decoding]") {
    std::vector<std::uint8_t> bytes;
    REQUIRE_FALSE(append_hex_bytes("\\x6869", bytes));
    CHECK(bytes == std::vector<std::uint8_t>{'h', 'i'});
}

TEST_CASE("hex decoding empty text", "[hex_decoding]") {
    std::vector<std::uint8_t> bytes{7};
    CHECK_FALSE(append_hex_bytes("", bytes));
    CHECK_FALSE(append_hex_bytes("\\x", bytes));
    CHECK(bytes == std::vector<std::uint8_t>{7});
}

TEST_CASE("hex decoding appends", "[hex_decoding]") {
    std::vector<std::uint8_t> bytes{1};
    REQUIRE_FALSE(append_hex_bytes("02", bytes));
    CHECK(bytes == std::vector<std::uint8_t>{1, 2});
}

TEST_CASE("hex decoding rejects bad text", "[hex_decoding]") {
    const char* cases[] = {"0", "abc", "0g", "g0", "\\x1", " 00", "00 ", "x00", "\\X00"};
    for (const char* text : cases) {
        INFO("text: " << text);
        std::vector<std::uint8_t> bytes{9};
        CHECK(append_hex_bytes(text, bytes) == std::errc::invalid_argument);
        CHECK(bytes == std::vector<std::uint8_t>{9});
    }
}

TEST_CASE("hex decoding every byte value", "[hex_decoding]") {
    // All 256 byte values. The server's encode(..., 'hex') writes lower case,
    // and upper case is accepted as well.
    std::string lower;
    std::string upper;
    std::vector<std::uint8_t> expected;
    for (int value = 0; value < 256; ++value) {
        const char* lower_digits = "0123456789abcdef";
        const char* upper_digits = "0123456789ABCDEF";
        lower += lower_digits[value >> 4];
        lower += lower_digits[value & 15];
        upper += upper_digits[value >> 4];
        upper += upper_digits[value & 15];
        expected.push_back(static_cast<std::uint8_t>(value));
    }

    std::vector<std::uint8_t> from_lower;
    REQUIRE_FALSE(append_hex_bytes(lower, from_lower));
    CHECK(from_lower == expected);

    std::vector<std::uint8_t> from_upper;
    REQUIRE_FALSE(append_hex_bytes(upper, from_upper));
    CHECK(from_upper == expected);
}
