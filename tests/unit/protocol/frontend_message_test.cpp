#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"
#include "wire_bytes.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::protocol;
using wiredump::protocol::test::BodyBuilder;
using wiredump::protocol::test::ByteVector;

TEST_CASE("startup message layout") {
    ByteVector out;
    REQUIRE_FALSE(append_startup_message(out, {{"user", "alice"}, {"database", "shop"}, {"", "skipped"}}));

    const ByteVector body = BodyBuilder().int32(196608).cstring("user").cstring("alice").cstring("database").cstring("shop").int8(0).bytes();
    ByteVector expected = BodyBuilder().int32(static_cast<std::int32_t>(body.size() + 4)).raw(body).bytes();
    CHECK(out == expected);
}

TEST_CASE("startup message rejects NUL") {
    ByteVector out = {1, 2};
    CHECK(append_startup_message(out, {{"user", std::string("a\0b", 3)}}) == errc::nul_in_string);
    CHECK(out == ByteVector{1, 2});
}

TEST_CASE("password and query messages") {
    ByteVector out;
    REQUIRE_FALSE(append_password_message(out, "secret"));
    CHECK(out == BodyBuilder().cstring("secret").message('p'));

    out.clear();
    REQUIRE_FALSE(append_query(out, "select 1"));
    CHECK(out == BodyBuilder().cstring("select 1").message('Q'));

    out.clear();
    CHECK(append_query(out, std::string_view("select\0 1", 9)) == errc::nul_in_string);
    CHECK(out.empty());

    CHECK(append_password_message(out, std::string_view("a\0", 2)) == errc::nul_in_string);
    CHECK(out.empty());
}

TEST_CASE("sasl messages") {
    ByteVector out;
    REQUIRE_FALSE(append_sasl_initial_response(out, "SCRAM-SHA-256", "n,,n=,r=abc"));
    CHECK(out == BodyBuilder().cstring("SCRAM-SHA-256").int32(11).raw("n,,n=,r=abc").message('p'));

    out.clear();
    append_sasl_response(out, "c=biws");
    CHECK(out == BodyBuilder().raw("c=biws").message('p'));
}

TEST_CASE("terminate and copy fail") {
    ByteVector out;
    append_terminate(out);
    CHECK(out == ByteVector{'X', 0, 0, 0, 4});

    out.clear();
    REQUIRE_FALSE(append_copy_fail(out, "no"));
    CHECK(out == BodyBuilder().cstring("no").message('f'));
}

TEST_CASE("ssl and cancel requests") {
    ByteVector out;
    append_ssl_request(out);
    CHECK(out == BodyBuilder().int32(8).int32(80877103).bytes());

    out.clear();
    const ByteVector short_key = BodyBuilder().int32(-5).bytes();
    append_cancel_request(out, 1234, short_key);
    CHECK(out == BodyBuilder().int32(16).int32(80877102).int32(1234).int32(-5).bytes());
}

TEST_CASE("cancel request with a long key") {
    ByteVector key(256);
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
    ByteVector out;
    append_cancel_request(out, 42, key);
    CHECK(out == BodyBuilder().int32(12 + 256).int32(80877102).int32(42).raw(std::string(key.begin(), key.end())).bytes());
}

TEST_CASE("messages append after existing bytes") {
    ByteVector out;
    append_terminate(out);
    REQUIRE_FALSE(append_query(out, "x"));
    CHECK(out == test::concat({ByteVector{'X', 0, 0, 0, 4}, BodyBuilder().cstring("x").message('Q')}));
}
