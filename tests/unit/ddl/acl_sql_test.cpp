#include "ddl/acl_sql.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::ddl;
using wiredump::catalog::KeywordSet;

// The ACL texts and expected statements below were taken from a PostgreSQL
// 15.20 server and from what pg_restore printed for pg_dump 15.20's archive
// of the same database.

namespace {

constexpr int version_15 = 150020;

std::string build(const AclTarget& target, const std::optional<std::string>& acl,
                  std::string_view base, int version = version_15) {
    KeywordSet keywords;
    keywords.add("table");
    std::string sql;
    REQUIRE_FALSE(build_acl_commands(target, acl, base, version, keywords, sql));
    return sql;
}

AclTarget table(std::string name) {
    return {"TABLE", std::move(name), {}, "inv", "app_owner", {}};
}

}  // namespace

TEST_CASE("acl item with quoted grantee", "[acl]") {
    AclItem item;
    REQUIRE_FALSE(parse_acl_item("\"Weird Role\"=a*r*/app_owner", item));
    CHECK(item.grantee == "Weird Role");
    CHECK(item.privileges == "a*r*");
    CHECK(item.grantor == "app_owner");
}

TEST_CASE("acl item for public", "[acl]") {
    AclItem item;
    REQUIRE_FALSE(parse_acl_item("=X/app_owner", item));
    CHECK(item.grantee.empty());
    CHECK(item.privileges == "X");
}

TEST_CASE("acl item with doubled quote", "[acl]") {
    AclItem item;
    REQUIRE_FALSE(parse_acl_item("\"a\"\"b\"=r/\"x y\"", item));
    CHECK(item.grantee == "a\"b");
    CHECK(item.grantor == "x y");
    CHECK(format_acl_item(item) == "\"a\"\"b\"=r/\"x y\"");
}

TEST_CASE("acl item without grantor rejected", "[acl]") {
    AclItem item;
    CHECK(parse_acl_item("app=r", item) == acl_errc::invalid_acl_item);
    CHECK(parse_acl_item("app", item) == acl_errc::invalid_acl_item);
}

TEST_CASE("acl array without braces rejected", "[acl]") {
    std::string sql;
    KeywordSet keywords;
    CHECK(build_acl_commands(table("item"), std::string("app=r/app"), "{}", version_15, keywords,
                             sql) == acl_errc::invalid_acl_array);
    CHECK(sql.empty());
}

TEST_CASE("acl null writes nothing", "[acl]") {
    CHECK(build(table("item"), std::nullopt, "{app_owner=arwdDxt/app_owner}").empty());
}

TEST_CASE("acl equal to default writes nothing", "[acl]") {
    CHECK(build(table("item"), "{app_owner=arwdDxt/app_owner}", "{app_owner=arwdDxt/app_owner}")
              .empty());
}

TEST_CASE("acl table grants and revokes", "[acl]") {
    std::string acl =
        "{app_owner=arwdxt/app_owner,app_reader=r/app_owner,\"\\\"Weird Role\\\"=a*r*/app_owner\","
        "granter=w*/app_owner,app_reader=w/granter}";
    CHECK(build(table("item"), acl, "{app_owner=arwdDxt/app_owner}") ==
          "REVOKE ALL ON TABLE inv.item FROM app_owner;\n"
          "GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,UPDATE ON TABLE inv.item TO app_owner;\n"
          "GRANT SELECT ON TABLE inv.item TO app_reader;\n"
          "GRANT SELECT,INSERT ON TABLE inv.item TO \"Weird Role\" WITH GRANT OPTION;\n"
          "GRANT UPDATE ON TABLE inv.item TO granter WITH GRANT OPTION;\n"
          "SET SESSION AUTHORIZATION granter;\n"
          "GRANT UPDATE ON TABLE inv.item TO app_reader;\n"
          "RESET SESSION AUTHORIZATION;\n");
}

TEST_CASE("acl table maintain counts on 17", "[acl]") {
    CHECK(build(table("t"), "{app_owner=arwdDxtm/app_owner,r=arwdDxt/app_owner}",
                "{app_owner=arwdDxtm/app_owner}", 170000) ==
          "GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,TRUNCATE,UPDATE ON TABLE inv.t TO r;\n");
    CHECK(build(table("t"), "{app_owner=arwdDxtm/app_owner,r=arwdDxtm/app_owner}",
                "{app_owner=arwdDxtm/app_owner}", 170000) ==
          "GRANT ALL ON TABLE inv.t TO r;\n");
}

TEST_CASE("acl keyword name quoted", "[acl]") {
    AclTarget target{"TABLE", "\"order\"", {}, "table", "app_owner", {}};
    CHECK(build(target, "{app_owner=arwdDxt/app_owner,table=r/app_owner}",
                "{app_owner=arwdDxt/app_owner}") ==
          "GRANT SELECT ON TABLE \"table\".\"order\" TO \"table\";\n");
}

TEST_CASE("acl column privileges", "[acl]") {
    AclTarget target{"TABLE", "item", std::string("sku"), "inv", "app_owner", {}};
    CHECK(build(target, "{app_reader=w/app_owner}", "{}") ==
          "GRANT UPDATE(sku) ON TABLE inv.item TO app_reader;\n");
    CHECK(build(target, "{app_reader=arwx/app_owner}", "{}") ==
          "GRANT ALL(sku) ON TABLE inv.item TO app_reader;\n");
}

TEST_CASE("acl sequence privileges", "[acl]") {
    AclTarget target{"SEQUENCE", "orders_order_id_seq", {}, "inv", "app_owner", {}};
    CHECK(build(target, "{app_owner=rwU/app_owner,app_reader=r/app_owner}",
                "{app_owner=rwU/app_owner}") ==
          "GRANT SELECT ON SEQUENCE inv.orders_order_id_seq TO app_reader;\n");
}

TEST_CASE("acl function execute is all", "[acl]") {
    AclTarget target{"FUNCTION", "add(a integer, b integer)", {}, "inv", "app_owner", {}};
    CHECK(build(target, "{=X/app_owner,app_owner=X/app_owner,app_reader=X/app_owner}",
                "{=X/app_owner,app_owner=X/app_owner}") ==
          "GRANT ALL ON FUNCTION inv.add(a integer, b integer) TO app_reader;\n");
    CHECK(build(target, "{app_owner=X/app_owner}", "{=X/app_owner,app_owner=X/app_owner}") ==
          "REVOKE ALL ON FUNCTION inv.add(a integer, b integer) FROM PUBLIC;\n");
}

TEST_CASE("acl type usage", "[acl]") {
    AclTarget target{"TYPE", "mood", {}, "inv", "app_owner", {}};
    CHECK(build(target, "{app_owner=U/app_owner,app_reader=U/app_owner}",
                "{=U/app_owner,app_owner=U/app_owner}") ==
          "REVOKE ALL ON TYPE inv.mood FROM PUBLIC;\n"
          "GRANT ALL ON TYPE inv.mood TO app_reader;\n");
}

TEST_CASE("acl schema grant option", "[acl]") {
    AclTarget target{"SCHEMA", "inv", {}, {}, "app_owner", {}};
    CHECK(build(target,
                "{app_owner=UC/app_owner,app_reader=U/app_owner,granter=U/app_owner,"
                "\"\\\"Weird Role\\\"=U*C*/app_owner\"}",
                "{app_owner=UC/app_owner}") ==
          "GRANT USAGE ON SCHEMA inv TO app_reader;\n"
          "GRANT USAGE ON SCHEMA inv TO granter;\n"
          "GRANT ALL ON SCHEMA inv TO \"Weird Role\" WITH GRANT OPTION;\n");
}

TEST_CASE("acl public schema baseline", "[acl]") {
    AclTarget target{"SCHEMA", "public", {}, {}, "pg_database_owner", {}};
    std::string base = public_schema_base_acl("pg_database_owner");
    CHECK(build(target,
                "{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner,"
                "app_reader=U/pg_database_owner}",
                base) == "GRANT USAGE ON SCHEMA public TO app_reader;\n");
    CHECK(build(target, "{pg_database_owner=UC/pg_database_owner}", base) ==
          "REVOKE USAGE ON SCHEMA public FROM PUBLIC;\n");
}

TEST_CASE("acl public schema baseline quotes owner", "[acl]") {
    CHECK(public_schema_base_acl("Big Owner") ==
          "{\"\\\"Big Owner\\\"=UC/\\\"Big Owner\\\"\",\"=U/\\\"Big Owner\\\"\"}");
}

TEST_CASE("acl owner grants before others", "[acl]") {
    AclTarget target{"TABLE", "t", {}, "s", "o", {}};
    CHECK(build(target, "{r=r/o,o=r/o}", "{o=arwdDxt/o}") ==
          "REVOKE ALL ON TABLE s.t FROM o;\n"
          "GRANT SELECT ON TABLE s.t TO o;\n"
          "GRANT SELECT ON TABLE s.t TO r;\n");
}
