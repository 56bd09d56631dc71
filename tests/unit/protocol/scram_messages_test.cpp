#include "protocol/errc.hpp"
#include "protocol/scram_crypto.hpp"
#include "protocol/scram_messages.hpp"

#include <catch2/catch.hpp>

#include <climits>
#include <string>

using wiredump::protocol::errc;
namespace scram = wiredump::protocol::scram;

TEST_CASE("scram server first parsed", "[scram]") {
    scram::ServerFirst parsed;
    REQUIRE_FALSE(scram::parse_server_first("r=abc+/xyz,s=QSBzYWx0,i=4096", parsed));

    CHECK(parsed.nonce == "abc+/xyz");
    CHECK(parsed.salt == "A salt");
    CHECK(parsed.iterations == 4096);
}

TEST_CASE("scram server first largest iteration count", "[scram]") {
    scram::ServerFirst parsed;
    const std::string message = "r=abc,s=QSBzYWx0,i=" + std::to_string(INT_MAX);
    REQUIRE_FALSE(scram::parse_server_first(message, parsed));
    CHECK(parsed.iterations == INT_MAX);
}

TEST_CASE("scram malformed server first", "[scram]") {
    struct MalformedCase {
        const char* name;
        std::string message;
        errc expected;
    };
    const MalformedCase cases[] = {
        {"empty message", "", errc::scram_invalid_server_message},
        {"no attributes", "garbage", errc::scram_invalid_server_message},
        {"mandatory extension", "m=ext,r=abc,s=QSBzYWx0,i=4096", errc::scram_invalid_server_message},
        {"attribute name two letters", "rr=abc,s=QSBzYWx0,i=4096", errc::scram_invalid_server_message},
        {"attribute name digit", "1=abc,s=QSBzYWx0,i=4096", errc::scram_invalid_server_message},
        {"empty element", "r=abc,,s=QSBzYWx0,i=4096", errc::scram_invalid_server_message},
        {"trailing comma", "r=abc,s=QSBzYWx0,i=4096,", errc::scram_invalid_server_message},
        {"extension after iterations", "r=abc,s=QSBzYWx0,i=4096,x=1", errc::scram_invalid_server_message},
        {"zero byte in nonce", std::string("r=ab\0c,s=QSBzYWx0,i=4096", 24), errc::scram_invalid_server_message},

        {"nonce missing", "s=QSBzYWx0,i=4096", errc::scram_missing_attribute},
        {"salt missing", "r=abc,i=4096", errc::scram_missing_attribute},
        {"iterations missing", "r=abc,s=QSBzYWx0", errc::scram_missing_attribute},
        {"salt replaced by other", "r=abc,x=QSBzYWx0,i=4096", errc::scram_missing_attribute},

        {"salt before nonce", "s=QSBzYWx0,r=abc,i=4096", errc::scram_attribute_out_of_order},
        {"iterations before salt", "r=abc,i=4096,s=QSBzYWx0", errc::scram_attribute_out_of_order},
        {"iterations first", "i=4096,r=abc,s=QSBzYWx0", errc::scram_attribute_out_of_order},

        {"nonce empty", "r=,s=QSBzYWx0,i=4096", errc::scram_invalid_server_message},
        {"nonce with space", "r=ab c,s=QSBzYWx0,i=4096", errc::scram_invalid_server_message},
        {"nonce with control", "r=ab\x01" "c,s=QSBzYWx0,i=4096", errc::scram_invalid_server_message},
        {"nonce with non-ascii", "r=ab\xC3\xA9,s=QSBzYWx0,i=4096", errc::scram_invalid_server_message},

        {"salt bad character", "r=abc,s=QSBz*Wx0,i=4096", errc::scram_invalid_base64},
        {"salt bad length", "r=abc,s=QSBzYWx,i=4096", errc::scram_invalid_base64},
        {"salt padding inside", "r=abc,s=QQ==QQ==,i=4096", errc::scram_invalid_base64},
        {"salt three padding", "r=abc,s=Q===,i=4096", errc::scram_invalid_base64},
        {"salt nonzero spare bits", "r=abc,s=QR==,i=4096", errc::scram_invalid_base64},
        {"salt url alphabet", "r=abc,s=QSB-YWx_,i=4096", errc::scram_invalid_base64},
        {"salt with whitespace", "r=abc,s=QSBz YWx0,i=4096", errc::scram_invalid_base64},
        {"salt empty", "r=abc,s=,i=4096", errc::scram_invalid_server_message},

        {"iterations zero", "r=abc,s=QSBzYWx0,i=0", errc::scram_invalid_iteration_count},
        {"iterations negative", "r=abc,s=QSBzYWx0,i=-1", errc::scram_invalid_iteration_count},
        {"iterations plus sign", "r=abc,s=QSBzYWx0,i=+4096", errc::scram_invalid_iteration_count},
        {"iterations leading zero", "r=abc,s=QSBzYWx0,i=04096", errc::scram_invalid_iteration_count},
        {"iterations empty", "r=abc,s=QSBzYWx0,i=", errc::scram_invalid_iteration_count},
        {"iterations not a number", "r=abc,s=QSBzYWx0,i=many", errc::scram_invalid_iteration_count},
        {"iterations trailing text", "r=abc,s=QSBzYWx0,i=4096x", errc::scram_invalid_iteration_count},
        {"iterations above int", "r=abc,s=QSBzYWx0,i=2147483648", errc::scram_invalid_iteration_count},
        {"iterations huge", "r=abc,s=QSBzYWx0,i=99999999999999999999999", errc::scram_invalid_iteration_count},
    };

    for (const auto& c : cases) {
        INFO("case: " << c.name);
        scram::ServerFirst parsed;
        CHECK(scram::parse_server_first(c.message, parsed) == c.expected);
    }
}

TEST_CASE("scram server final parsed", "[scram]") {
    scram::ServerFinal parsed;
    REQUIRE_FALSE(scram::parse_server_final("v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=", parsed));
    CHECK(parsed.server_signature.size() == 32);
    CHECK_FALSE(parsed.error_value.has_value());

    REQUIRE_FALSE(scram::parse_server_final("e=other-error", parsed));
    REQUIRE(parsed.error_value.has_value());
    CHECK(*parsed.error_value == "other-error");
    CHECK(parsed.server_signature.empty());
}

TEST_CASE("base64 round trip", "[scram]") {
    for (const std::string bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        INFO("bytes: " << bytes);
        const auto decoded = scram::base64_decode(scram::base64_encode(bytes));
        REQUIRE(decoded.has_value());
        CHECK(*decoded == bytes);
    }
}

TEST_CASE("base64 rfc 4648 vectors", "[scram]") {
    CHECK(scram::base64_encode(std::string_view("")) == "");
    CHECK(scram::base64_encode(std::string_view("f")) == "Zg==");
    CHECK(scram::base64_encode(std::string_view("fo")) == "Zm8=");
    CHECK(scram::base64_encode(std::string_view("foo")) == "Zm9v");
    CHECK(scram::base64_encode(std::string_view("foobar")) == "Zm9vYmFy");
    CHECK(scram::base64_encode(std::string_view("\xFF\xFE\xFD", 3)) == "//79");
    CHECK(scram::base64_encode(std::string_view("n,,")) == "biws");
}

TEST_CASE("base64 rejects malformed text", "[scram]") {
    for (const char* text : {"Zg=", "Zg", "Z===", "====", "Zh==", "Zm9=", "Zg==Zg==", "Zm9v\n", "Zm 9v"}) {
        INFO("text: " << text);
        CHECK_FALSE(scram::base64_decode(text).has_value());
    }
}

TEST_CASE("constant time compare", "[scram]") {
    const unsigned char a[] = {1, 2, 3};
    const unsigned char b[] = {1, 2, 4};
    const unsigned char shorter[] = {1, 2};
    CHECK(scram::equal_constant_time(a, a));
    CHECK_FALSE(scram::equal_constant_time(a, b));
    CHECK_FALSE(scram::equal_constant_time(a, shorter));
}
