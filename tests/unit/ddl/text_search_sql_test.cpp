#include "ddl/plan_context.hpp"
#include "ddl/text_search_sql.hpp"
#include "hand_built_catalog.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;
using namespace wiredump::ddl;
using wiredump::ddl::testing::make_context;
using wiredump::ddl::testing::schema_oid;

// Expected SQL is what pg_restore 15.20 printed for pg_dump 15.20's archive
// of the same text search objects on a PostgreSQL 15.20 server.

namespace {

TextSearchRecord text_search(TextSearchKind kind, std::string name) {
    TextSearchRecord record;
    record.kind = kind;
    record.id = {3600, 16533};
    record.name = std::move(name);
    record.namespace_oid = schema_oid;
    record.dumped = true;
    return record;
}

}  // namespace

TEST_CASE("text search parser with headline", "[text_search_sql]") {
    PlanContext context = make_context();
    TextSearchRecord record = text_search(TextSearchKind::parser, "prs");
    record.start_function = "prsd_start";
    record.token_function = "prsd_nexttoken";
    record.end_function = "prsd_end";
    record.headline_function = "prsd_headline";
    record.lextypes_function = "prsd_lextype";

    CHECK(create_text_search_sql(context, record) ==
          "CREATE TEXT SEARCH PARSER inv.prs (\n"
          "    START = prsd_start,\n"
          "    GETTOKEN = prsd_nexttoken,\n"
          "    END = prsd_end,\n"
          "    HEADLINE = prsd_headline,\n"
          "    LEXTYPES = prsd_lextype );\n");
    CHECK(drop_text_search_sql(context, record) == "DROP TEXT SEARCH PARSER inv.prs;\n");

    record.headline_function = "-";
    CHECK(create_text_search_sql(context, record) ==
          "CREATE TEXT SEARCH PARSER inv.prs (\n"
          "    START = prsd_start,\n"
          "    GETTOKEN = prsd_nexttoken,\n"
          "    END = prsd_end,\n"
          "    LEXTYPES = prsd_lextype );\n");
}

TEST_CASE("text search template init optional", "[text_search_sql]") {
    PlanContext context = make_context();
    TextSearchRecord record = text_search(TextSearchKind::template_object, "Tmpl");
    record.init_function = "dsimple_init";
    record.lexize_function = "dsimple_lexize";

    CHECK(create_text_search_sql(context, record) ==
          "CREATE TEXT SEARCH TEMPLATE inv.\"Tmpl\" (\n"
          "    INIT = dsimple_init,\n"
          "    LEXIZE = dsimple_lexize );\n");
    CHECK(drop_text_search_sql(context, record) == "DROP TEXT SEARCH TEMPLATE inv.\"Tmpl\";\n");

    record.init_function = "-";
    CHECK(create_text_search_sql(context, record) ==
          "CREATE TEXT SEARCH TEMPLATE inv.\"Tmpl\" (\n"
          "    LEXIZE = dsimple_lexize );\n");
}

TEST_CASE("text search dictionary options", "[text_search_sql]") {
    PlanContext context = make_context();
    TextSearchRecord record = text_search(TextSearchKind::dictionary, "english_simple");
    record.referenced_schema = "pg_catalog";
    record.referenced_name = "simple";
    record.init_options = "stopwords = 'english'";

    CHECK(create_text_search_sql(context, record) ==
          "CREATE TEXT SEARCH DICTIONARY inv.english_simple (\n"
          "    TEMPLATE = pg_catalog.simple,\n"
          "    stopwords = 'english' );\n");
    CHECK(drop_text_search_sql(context, record) ==
          "DROP TEXT SEARCH DICTIONARY inv.english_simple;\n");

    record.init_options.reset();
    CHECK(create_text_search_sql(context, record) ==
          "CREATE TEXT SEARCH DICTIONARY inv.english_simple (\n"
          "    TEMPLATE = pg_catalog.simple );\n");
}

TEST_CASE("text search configuration mappings", "[text_search_sql]") {
    PlanContext context = make_context();
    // The server's keyword list, which the dump reads, makes these two quoted.
    context.model.keywords.add("default");
    context.model.keywords.add("float");
    TextSearchRecord record = text_search(TextSearchKind::configuration, "plain");
    record.referenced_schema = "pg_catalog";
    record.referenced_name = "default";
    record.mappings = {{"asciiword", "inv.english_simple"}, {"asciiword", "simple"},
                       {"float", "simple"}};

    CHECK(create_text_search_sql(context, record) ==
          "CREATE TEXT SEARCH CONFIGURATION inv.plain (\n"
          "    PARSER = pg_catalog.\"default\" );\n"
          "\n"
          "ALTER TEXT SEARCH CONFIGURATION inv.plain\n"
          "    ADD MAPPING FOR asciiword WITH inv.english_simple, simple;\n"
          "\n"
          "ALTER TEXT SEARCH CONFIGURATION inv.plain\n"
          "    ADD MAPPING FOR \"float\" WITH simple;\n");
    CHECK(drop_text_search_sql(context, record) ==
          "DROP TEXT SEARCH CONFIGURATION inv.plain;\n");
}

TEST_CASE("text search configuration unmapped", "[text_search_sql]") {
    PlanContext context = make_context();
    TextSearchRecord record = text_search(TextSearchKind::configuration, "pcfg");
    record.referenced_schema = "inv";
    record.referenced_name = "prs";

    CHECK(create_text_search_sql(context, record) ==
          "CREATE TEXT SEARCH CONFIGURATION inv.pcfg (\n"
          "    PARSER = inv.prs );\n");
}
