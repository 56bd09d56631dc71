#include "cli/copy_statement_text.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;

TEST_CASE("copy statement split into table and columns", "[copy_statement_text]") {
    const auto plain = cli::parse_copy_from_statement("COPY public.t (id, name) FROM stdin;\n");
    REQUIRE(plain);
    CHECK(plain->table == "public.t");
    CHECK(plain->columns == "id, name");

    const auto quoted =
        cli::parse_copy_from_statement("COPY \"a.b\".\"x \"\"y\"\" (z)\" (\"c (d)\") FROM stdin;\n");
    REQUIRE(quoted);
    CHECK(quoted->table == "\"a.b\".\"x \"\"y\"\" (z)\"");
    CHECK(quoted->columns == "\"c (d)\"");

    // pg_dump writes two spaces when a table has no columns.
    const auto no_columns = cli::parse_copy_from_statement("COPY public.empty  FROM stdin;\n");
    REQUIRE(no_columns);
    CHECK(no_columns->table == "public.empty");
    CHECK(no_columns->columns.empty());
}

TEST_CASE("copy statement of another form rejected", "[copy_statement_text]") {
    CHECK_FALSE(cli::parse_copy_from_statement("INSERT INTO t VALUES (1);\n"));
    CHECK_FALSE(cli::parse_copy_from_statement("COPY public.t FROM stdin;"));
    CHECK_FALSE(cli::parse_copy_from_statement("COPY \"open.t FROM stdin;\n"));
    CHECK_FALSE(cli::parse_copy_from_statement("COPY public.t id, name FROM stdin;\n"));
}

TEST_CASE("copy statement with a condition", "[copy_statement_text]") {
    const cli::CopyTarget target{"public.kinds", "kind, builtin"};
    CHECK(cli::filtered_copy_to_statement(target, "WHERE NOT builtin") ==
          "COPY (SELECT kind, builtin FROM public.kinds WHERE NOT builtin) TO stdout;");
    CHECK(cli::filtered_copy_to_statement({"public.empty", ""}, "WHERE true") ==
          "COPY (SELECT * FROM public.empty WHERE true) TO stdout;");
}
