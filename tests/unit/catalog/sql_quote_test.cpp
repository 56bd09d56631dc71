#include "catalog/sql_quote.hpp"

#include <catch2/catch.hpp>

using wiredump::catalog::KeywordSet;
using wiredump::catalog::qualified_name;
using wiredump::catalog::quote_identifier;
using wiredump::catalog::quote_literal;

namespace {

KeywordSet reserved_words() {
    KeywordSet keywords;
    keywords.add("select");
    keywords.add("user");
    keywords.add("between");  // a column-name keyword: still quoted
    return keywords;
}

}  // namespace

TEST_CASE("quote_identifier leaves plain names bare", "[catalog][quote]") {
    const KeywordSet keywords = reserved_words();
    CHECK(quote_identifier("item", keywords) == "item");
    CHECK(quote_identifier("_tmp2", keywords) == "_tmp2");
    CHECK(quote_identifier("order_id", keywords) == "order_id");
}

TEST_CASE("quote_identifier quotes what fmtId quotes", "[catalog][quote]") {
    const KeywordSet keywords = reserved_words();
    CHECK(quote_identifier("Mixed Case", keywords) == "\"Mixed Case\"");
    CHECK(quote_identifier("Item", keywords) == "\"Item\"");
    CHECK(quote_identifier("2fast", keywords) == "\"2fast\"");
    CHECK(quote_identifier("select", keywords) == "\"select\"");
    CHECK(quote_identifier("between", keywords) == "\"between\"");
    CHECK(quote_identifier("caf\xc3\xa9", keywords) == "\"caf\xc3\xa9\"");
    CHECK(quote_identifier("", keywords) == "\"\"");
}

TEST_CASE("quote_identifier doubles embedded quotes", "[catalog][quote]") {
    CHECK(quote_identifier("Weird\"Name", KeywordSet()) == "\"Weird\"\"Name\"");
}

TEST_CASE("qualified_name quotes each part", "[catalog][quote]") {
    CHECK(qualified_name("inv", "Mixed", KeywordSet()) == "inv.\"Mixed\"");
    CHECK(qualified_name("My Schema", "t", KeywordSet()) == "\"My Schema\".t");
}

TEST_CASE("quote_literal with standard strings", "[catalog][quote]") {
    CHECK(quote_literal("the shop's db", true) == "'the shop''s db'");
    CHECK(quote_literal("a\\b", true) == "'a\\b'");
    CHECK(quote_literal("", true) == "''");
}

TEST_CASE("quote_literal without standard strings", "[catalog][quote]") {
    CHECK(quote_literal("a\\b", false) == "'a\\\\b'");
    CHECK(quote_literal("it's", false) == "'it''s'");
}

TEST_CASE("quote all identifiers", "[sql_quote]") {
    KeywordSet keywords;
    CHECK(quote_identifier("public", keywords) == "public");
    keywords.set_quote_all(true);
    CHECK(quote_identifier("public", keywords) == "\"public\"");
}
