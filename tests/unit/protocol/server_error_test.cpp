#include "protocol/backend_message.hpp"
#include "protocol/diagnostics.hpp"
#include "wire_bytes.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::protocol;
using wiredump::protocol::test::BodyBuilder;
using wiredump::protocol::test::ByteVector;

TEST_CASE("error response with every field") {
    const ByteVector body = BodyBuilder()
                                .int8('S').cstring("FEHLER")
                                .int8('V').cstring("ERROR")
                                .int8('C').cstring("23505")
                                .int8('M').cstring("duplicate key")
                                .int8('D').cstring("Key (id)=(1) already exists.")
                                .int8('H').cstring("Use another id.")
                                .int8('P').cstring("15")
                                .int8('p').cstring("3")
                                .int8('q').cstring("select 1")
                                .int8('W').cstring("SQL function f")
                                .int8('s').cstring("public")
                                .int8('t').cstring("orders")
                                .int8('c').cstring("id")
                                .int8('d').cstring("int4")
                                .int8('n').cstring("orders_pkey")
                                .int8('F').cstring("nbtinsert.c")
                                .int8('L').cstring("664")
                                .int8('R').cstring("_bt_check_unique")
                                .int8('Z').cstring("future field")
                                .int8(0)
                                .bytes();

    ServerError error;
    REQUIRE_FALSE(parse_error_response(body, error));
    CHECK(error.severity == "FEHLER");
    CHECK(error.severity_raw == "ERROR");
    CHECK(error.sqlstate == "23505");
    CHECK(error.message == "duplicate key");
    CHECK(error.detail == "Key (id)=(1) already exists.");
    CHECK(error.hint == "Use another id.");
    CHECK(error.position == "15");
    CHECK(error.internal_position == "3");
    CHECK(error.internal_query == "select 1");
    CHECK(error.context == "SQL function f");
    CHECK(error.schema_name == "public");
    CHECK(error.table_name == "orders");
    CHECK(error.column_name == "id");
    CHECK(error.data_type_name == "int4");
    CHECK(error.constraint_name == "orders_pkey");
    CHECK(error.source_file == "nbtinsert.c");
    CHECK(error.source_line == "664");
    CHECK(error.source_routine == "_bt_check_unique");
    REQUIRE(error.unknown_fields.size() == 1);
    CHECK(error.unknown_fields[0].first == 'Z');
    CHECK(error.unknown_fields[0].second == "future field");

    CHECK(format_server_error(error) ==
          "FEHLER:  duplicate key at character 15\n"
          "DETAIL:  Key (id)=(1) already exists.\n"
          "HINT:  Use another id.\n"
          "QUERY:  select 1\n"
          "CONTEXT:  SQL function f");
}

TEST_CASE("error response parse resets output") {
    ServerError error;
    error.detail = "stale";
    const ByteVector body = BodyBuilder().int8('M').cstring("fresh").int8(0).bytes();
    REQUIRE_FALSE(parse_error_response(body, error));
    CHECK(error.message == "fresh");
    CHECK(error.detail.empty());
}

TEST_CASE("format server error, message only") {
    ServerError error;
    error.severity = "FATAL";
    error.message = "role \"x\" does not exist";
    CHECK(format_server_error(error) == "FATAL:  role \"x\" does not exist");
}

TEST_CASE("format server error, severity fallback") {
    ServerError error;
    error.message = "m";
    CHECK(format_server_error(error) == "ERROR:  m");

    error.severity_raw = "WARNING";
    CHECK(format_server_error(error) == "WARNING:  m");
}

TEST_CASE("format server error with position") {
    ServerError error;
    error.severity = "ERROR";
    error.message = "syntax error at or near \"selec\"";
    error.position = "1";
    CHECK(format_server_error(error) == "ERROR:  syntax error at or near \"selec\" at character 1");

    ServerError internal;
    internal.message = "m";
    internal.internal_position = "4";
    CHECK(format_server_error(internal) == "ERROR:  m at character 4");

    internal.internal_query = "select x";
    CHECK(format_server_error(internal) == "ERROR:  m\nQUERY:  select x");
}
