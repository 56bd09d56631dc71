#include "ddl/collation_sql.hpp"
#include "ddl/plan_context.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::schema_oid;

// Expected SQL is what pg_restore 15.20 printed for pg_dump 15.20's archive
// of the same collations on a PostgreSQL 15.20 server.

namespace {

CollationRecord collation(std::string name, char provider) {
    CollationRecord record;
    record.id = {3456, 16391};
    record.name = std::move(name);
    record.namespace_oid = schema_oid;
    record.provider = provider;
    record.dumped = true;
    return record;
}

}  // namespace

TEST_CASE("collation icu nondeterministic", "[collation_sql]") {
    PlanContext context = make_context();
    CollationRecord record = collation("ci", 'i');
    record.deterministic = false;
    record.icu_locale = "und-u-ks-level2";

    CHECK(create_collation_sql(context, record) ==
          "CREATE COLLATION inv.ci (provider = icu, deterministic = false, "
          "locale = 'und-u-ks-level2');\n");
    CHECK(drop_collation_sql(context, record) == "DROP COLLATION inv.ci;\n");
}

TEST_CASE("collation libc single locale", "[collation_sql]") {
    PlanContext context = make_context();
    CollationRecord record = collation("pos", 'c');
    record.lc_collate = "POSIX";
    record.lc_ctype = "POSIX";

    CHECK(create_collation_sql(context, record) ==
          "CREATE COLLATION inv.pos (provider = libc, locale = 'POSIX');\n");
}

TEST_CASE("collation default without locale", "[collation_sql]") {
    // pg_catalog."default" on PostgreSQL 15, whose collcollate and collctype are NULL, as
    // pg_restore 15.20 printed it for pg_dump 15.20's archive made with -n '*'.
    PlanContext context = make_context();
    context.model.keywords.add("default");
    CollationRecord record = collation("default", 'd');

    CHECK(create_collation_sql(context, record) ==
          "CREATE COLLATION inv.\"default\" (provider = default);\n");
}

TEST_CASE("collation libc split locales", "[collation_sql]") {
    PlanContext context = make_context();
    CollationRecord record = collation("lib", 'c');
    record.lc_collate = "C";
    record.lc_ctype = "C.UTF-8";

    CHECK(create_collation_sql(context, record) ==
          "CREATE COLLATION inv.lib (provider = libc, lc_collate = 'C', lc_ctype = 'C.UTF-8');\n");
}

TEST_CASE("collation icu before 15", "[collation_sql]") {
    // PostgreSQL 12 to 14 keep the ICU locale in collcollate and collctype.
    PlanContext context = make_context();
    CollationRecord record = collation("de", 'i');
    record.lc_collate = "de-DE";
    record.lc_ctype = "de-DE";

    CHECK(create_collation_sql(context, record) ==
          "CREATE COLLATION inv.de (provider = icu, locale = 'de-DE');\n");
}

TEST_CASE("collation quotes name and locale", "[collation_sql]") {
    PlanContext context = make_context();
    CollationRecord record = collation("Mixed Case", 'c');
    record.lc_collate = "it's";
    record.lc_ctype = "it's";

    CHECK(create_collation_sql(context, record) ==
          "CREATE COLLATION inv.\"Mixed Case\" (provider = libc, locale = 'it''s');\n");
    CHECK(drop_collation_sql(context, record) == "DROP COLLATION inv.\"Mixed Case\";\n");
}

TEST_CASE("collation icu rules", "[collation_sql]") {
    // Expected SQL is what pg_restore 17.12 printed for pg_dump 17.12's archive of this collation
    // on a PostgreSQL 16.14 server.
    PlanContext context = make_context();
    CollationRecord record = collation("g_after_a", 'i');
    record.icu_locale = "und";
    record.icu_rules = "&a < g";

    CHECK(create_collation_sql(context, record) ==
          "CREATE COLLATION inv.g_after_a (provider = icu, locale = 'und', rules = '&a < g');\n");
}
