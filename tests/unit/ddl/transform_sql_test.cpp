#include "ddl/transform_kind.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::ddl;

// Expected text is what pg_restore 15.20 printed for pg_dump 15.20's archive of the same
// transforms on PostgreSQL 15.20.

TEST_CASE("create_transform_sql with both functions", "[ddl][transform]") {
    TransformKind::TransformRecord transform;
    transform.type = "extra.percent";
    transform.language = "plpgsql";
    transform.from_sql = "extra.percent_from_sql(internal)";
    transform.to_sql = "extra.percent_to_sql(internal)";

    CHECK(create_transform_sql(transform) ==
          "CREATE TRANSFORM FOR extra.percent LANGUAGE plpgsql ("
          "FROM SQL WITH FUNCTION extra.percent_from_sql(internal), "
          "TO SQL WITH FUNCTION extra.percent_to_sql(internal));\n");
}

TEST_CASE("create_transform_sql with one function", "[ddl][transform]") {
    TransformKind::TransformRecord from_only;
    from_only.type = "integer";
    from_only.language = "sql";
    from_only.from_sql = "extra.percent_from_sql(internal)";
    CHECK(create_transform_sql(from_only) ==
          "CREATE TRANSFORM FOR integer LANGUAGE sql ("
          "FROM SQL WITH FUNCTION extra.percent_from_sql(internal));\n");

    TransformKind::TransformRecord to_only;
    to_only.type = "bigint";
    to_only.language = "sql";
    to_only.to_sql = "pg_catalog.int8recv(internal)";
    CHECK(create_transform_sql(to_only) ==
          "CREATE TRANSFORM FOR bigint LANGUAGE sql ("
          "TO SQL WITH FUNCTION pg_catalog.int8recv(internal));\n");
}
