#include "ddl/index_kind.hpp"

#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using namespace wiredump::ddl::testing;

TEST_CASE("index_sql adds cluster and statistics", "[ddl][index]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "t1");
    catalog::IndexRecord index;
    index.name = "t1_idx";
    index.definition = "CREATE INDEX t1_idx ON inv.t1 USING btree (a, lower(b))";
    index.is_clustered = true;
    index.statistics_columns = {2};
    index.statistics_targets = {40};

    CHECK(index_sql(context, table, index) ==
          "CREATE INDEX t1_idx ON inv.t1 USING btree (a, lower(b));\n"
          "\nALTER TABLE inv.t1 CLUSTER ON t1_idx;\n"
          "ALTER INDEX inv.t1_idx ALTER COLUMN 2 SET STATISTICS 40;\n");
}

TEST_CASE("index_constraint_sql rebuilds a UNIQUE key", "[ddl][index]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "t1");
    add_column(context, 16600, "a", "integer");
    add_column(context, 16600, "user", "text");
    catalog::IndexRecord index;
    index.constraint_type = 'u';
    index.constraint_name = "t1_uc";
    index.key_columns = {2, 1};
    index.key_column_count = 1;
    index.column_count = 2;
    index.reloptions = {"fillfactor=60"};
    index.nulls_not_distinct = true;

    CHECK(index_constraint_sql(context, table, index) ==
          "ALTER TABLE ONLY inv.t1\n"
          "    ADD CONSTRAINT t1_uc UNIQUE NULLS NOT DISTINCT (\"user\") INCLUDE (a) "
          "WITH (fillfactor='60');\n");
}

TEST_CASE("index_constraint_sql temporal primary key", "[ddl][index]") {
    // Expected SQL is what pg_restore 18.6 printed for pg_dump 18.6's archive on PostgreSQL 18.4.
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "rooms_18");
    add_column(context, 16600, "room", "integer");
    add_column(context, 16600, "open_during", "tstzrange");
    catalog::IndexRecord index;
    index.constraint_type = 'p';
    index.constraint_name = "rooms_18_pkey";
    index.key_columns = {1, 2};
    index.key_column_count = 2;
    index.column_count = 2;
    index.without_overlaps = true;

    CHECK(index_constraint_sql(context, table, index) ==
          "ALTER TABLE ONLY inv.rooms_18\n"
          "    ADD CONSTRAINT rooms_18_pkey PRIMARY KEY (room, open_during WITHOUT OVERLAPS);\n");
}

TEST_CASE("index_constraint_sql deferrable primary key", "[ddl][index]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "d");
    add_column(context, 16600, "a", "integer");
    catalog::IndexRecord index;
    index.constraint_type = 'p';
    index.constraint_name = "d_pkey";
    index.key_columns = {1};
    index.key_column_count = 1;
    index.column_count = 1;
    index.deferrable = true;
    index.deferred = true;

    CHECK(index_constraint_sql(context, table, index) ==
          "ALTER TABLE ONLY inv.d\n"
          "    ADD CONSTRAINT d_pkey PRIMARY KEY (a) DEFERRABLE INITIALLY DEFERRED;\n");
}

TEST_CASE("index_constraint_sql exclusion uses the server text", "[ddl][index]") {
    PlanContext context = make_context();
    auto& table = add_table(context, 16600, "bigid");
    catalog::IndexRecord index;
    index.constraint_type = 'x';
    index.constraint_name = "bigid_v_excl";
    index.constraint_definition = "EXCLUDE USING btree (v WITH =)";

    CHECK(index_constraint_sql(context, table, index) ==
          "ALTER TABLE ONLY inv.bigid\n"
          "    ADD CONSTRAINT bigid_v_excl EXCLUDE USING btree (v WITH =);\n");
}
