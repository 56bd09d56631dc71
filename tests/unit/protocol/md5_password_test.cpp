#include "protocol/scram_client.hpp"

#include <catch2/catch.hpp>

using wiredump::protocol::md5_password_response;

// Expected values come from md5sum in a shell:
//   inner=$(printf '%s' 'secretmd5user' | md5sum | cut -d' ' -f1)
//   { printf '%s' "$inner"; printf '\x01\x02\x03\x04'; } | md5sum
// PostgreSQL 15 stored "md5" + inner for the role md5user with password "secret".

TEST_CASE("md5 response known value", "[md5]") {
    const unsigned char salt[4] = {0x01, 0x02, 0x03, 0x04};
    CHECK(md5_password_response("md5user", "secret", salt) == "md56b614f1bd5dc8478f5705c783c9bbdc0");
}

TEST_CASE("md5 response salt with zero byte", "[md5]") {
    // The salt is four raw bytes, so a zero byte must not end it.
    const unsigned char salt[4] = {0xFF, 0x00, 0x80, 0x7F};
    CHECK(md5_password_response("", "postgres", salt) == "md5511fdce39da6fba4443520300e2e5b3f");
}

TEST_CASE("md5 response format", "[md5]") {
    const unsigned char salt[4] = {0, 0, 0, 0};
    const std::string response = md5_password_response("user", "password", salt);

    REQUIRE(response.size() == 35);
    CHECK(response.substr(0, 3) == "md5");
    CHECK(response.find_first_not_of("0123456789abcdef", 3) == std::string::npos);
}
