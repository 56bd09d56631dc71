#include "protocol/conninfo_mask.hpp"

#include <catch2/catch.hpp>

using wiredump::protocol::mask_connection_string_password;

TEST_CASE("mask password in URIs") {
    CHECK(mask_connection_string_password("postgresql://alice:s3cret@db/shop") ==
          "postgresql://alice:********@db/shop");
    CHECK(mask_connection_string_password("postgres://alice:p@ss@db:5432") == "postgres://alice:********@db:5432");
    CHECK(mask_connection_string_password("postgresql://alice@db/shop?password=x&sslmode=disable") ==
          "postgresql://alice@db/shop?password=********&sslmode=disable");
    CHECK(mask_connection_string_password("postgresql://db1:5432,db2:5433/shop") ==
          "postgresql://db1:5432,db2:5433/shop");
    CHECK(mask_connection_string_password("postgresql://") == "postgresql://");
}

TEST_CASE("mask password in keyword strings") {
    CHECK(mask_connection_string_password("host=db password=s3cret dbname=shop") ==
          "host=db password=******** dbname=shop");
    CHECK(mask_connection_string_password("password = 'a b\\' c' user=u") == "password = ******** user=u");
    CHECK(mask_connection_string_password("password=a\\ b") == "password=********");
    CHECK(mask_connection_string_password("passfile=/x user=password") == "passfile=/x user=password");
    CHECK(mask_connection_string_password("mypassword=1") == "mypassword=1");
    CHECK(mask_connection_string_password("password='unterminated") == "password=********");
    CHECK(mask_connection_string_password("shop") == "shop");
}
