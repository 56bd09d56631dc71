#include "ddl/access_method_kind.hpp"
#include "ddl/conversion_kind.hpp"
#include "ddl/language_kind.hpp"
#include "ddl/plan_context.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::schema_oid;

// Unless a test states otherwise, expected SQL is what pg_restore 15.20 printed for pg_dump 15.20's archive
// of the same objects on a PostgreSQL 15.20 server.

namespace {

LanguageRecord language(std::string name, bool functions_dumped) {
    LanguageRecord record;
    record.id = {2612, 16543};
    record.name = std::move(name);
    record.handler = {16542, "inv.plh", functions_dumped};
    record.dumped = true;
    return record;
}

}  // namespace

TEST_CASE("language with handler only", "[language_sql]") {
    PlanContext context = make_context();
    LanguageRecord record = language("mylang", true);

    CHECK(create_language_sql(context, record) ==
          "CREATE PROCEDURAL LANGUAGE mylang HANDLER inv.plh;\n");
    CHECK(drop_language_sql(context, record) == "DROP PROCEDURAL LANGUAGE mylang;\n");
}

TEST_CASE("language trusted with every function", "[language_sql]") {
    PlanContext context = make_context();
    LanguageRecord record = language("Odd Lang", true);
    record.trusted = true;
    record.inline_handler = LanguageFunction{16543, "inv.inl", true};
    record.validator = LanguageFunction{16544, "inv.val", true};

    CHECK(create_language_sql(context, record) ==
          "CREATE TRUSTED PROCEDURAL LANGUAGE \"Odd Lang\" HANDLER inv.plh INLINE inv.inl "
          "VALIDATOR inv.val;\n");
    CHECK(drop_language_sql(context, record) == "DROP PROCEDURAL LANGUAGE \"Odd Lang\";\n");
}

TEST_CASE("language with undumped functions", "[language_sql]") {
    // A handler in pg_catalog is not dumped, so pg_dump leaves the functions
    // to the target server.
    PlanContext context = make_context();
    LanguageRecord record = language("lang2", false);
    CHECK(create_language_sql(context, record) ==
          "CREATE OR REPLACE PROCEDURAL LANGUAGE lang2;\n");

    // Hand-built: a dumped handler with a validator that is not dumped.
    LanguageRecord undumped_validator = language("lang3", true);
    undumped_validator.validator = LanguageFunction{16544, "pg_catalog.v", false};
    CHECK(create_language_sql(context, undumped_validator) ==
          "CREATE OR REPLACE PROCEDURAL LANGUAGE lang3;\n");
}

TEST_CASE("access method types", "[access_method_sql]") {
    PlanContext context = make_context();
    AccessMethodRecord table_method{{2601, 16540}, "myheap", 't', "heap_tableam_handler", true};
    AccessMethodRecord index_method{{2601, 16541}, "Odd AM", 'i', "public.blhandler", true};

    CHECK(create_access_method_sql(context, table_method) ==
          "CREATE ACCESS METHOD myheap TYPE TABLE HANDLER heap_tableam_handler;\n");
    CHECK(create_access_method_sql(context, index_method) ==
          "CREATE ACCESS METHOD \"Odd AM\" TYPE INDEX HANDLER public.blhandler;\n");
    CHECK(drop_access_method_sql(context, index_method) == "DROP ACCESS METHOD \"Odd AM\";\n");
}

TEST_CASE("conversion default and quoted", "[conversion_sql]") {
    PlanContext context = make_context();
    ConversionRecord record;
    record.id = {2607, 16538};
    record.name = "Conv";
    record.namespace_oid = schema_oid;
    record.source_encoding = "WIN1251";
    record.target_encoding = "UTF8";
    record.function = "win_to_utf8";
    record.dumped = true;

    CHECK(create_conversion_sql(context, record) ==
          "CREATE CONVERSION inv.\"Conv\" FOR 'WIN1251' TO 'UTF8' FROM win_to_utf8;\n");
    CHECK(drop_conversion_sql(context, record) == "DROP CONVERSION inv.\"Conv\";\n");

    record.name = "myconv2";
    record.is_default = true;
    record.source_encoding = "KOI8R";
    record.function = "koi8r_to_utf8";
    CHECK(create_conversion_sql(context, record) ==
          "CREATE DEFAULT CONVERSION inv.myconv2 FOR 'KOI8R' TO 'UTF8' FROM koi8r_to_utf8;\n");
}
