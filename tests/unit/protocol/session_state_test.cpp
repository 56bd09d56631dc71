#include "protocol/session_state.hpp"

#include <catch2/catch.hpp>

using wiredump::protocol::parse_server_version_num;

TEST_CASE("server version to number") {
    CHECK(parse_server_version_num("15.18 (Debian 15.18-0+deb12u1)") == 150018);
    CHECK(parse_server_version_num("15.20") == 150020);
    CHECK(parse_server_version_num("10.5") == 100005);
    CHECK(parse_server_version_num("17beta1") == 170000);
    CHECK(parse_server_version_num("16rc1") == 160000);
    CHECK(parse_server_version_num("9.6.24") == 90624);
    CHECK(parse_server_version_num("9.6beta2") == 90600);
    CHECK(parse_server_version_num("8.4.22") == 80422);
}

TEST_CASE("server version not a number") {
    CHECK(parse_server_version_num("") == 0);
    CHECK(parse_server_version_num("PostgreSQL 15") == 0);
    CHECK(parse_server_version_num("0.1") == 0);
    CHECK(parse_server_version_num("99999999999.1") == 0);
}
