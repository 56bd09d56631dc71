#include "catalog/name_pattern.hpp"

#include <catch2/catch.hpp>

using wiredump::catalog::name_pattern_conditions;
using wiredump::catalog::NamePatternParts;
using wiredump::catalog::split_name_pattern;

namespace {

std::vector<std::string> regexes(std::string_view pattern, int max_parts) {
    return split_name_pattern(pattern, max_parts).regexes;
}

}  // namespace

TEST_CASE("name pattern plain name", "[name_pattern]") {
    CHECK(regexes("orders", 3) == std::vector<std::string>{"^(orders)$"});
}

TEST_CASE("name pattern folds case outside quotes", "[name_pattern]") {
    CHECK(regexes("Orders", 3) == std::vector<std::string>{"^(orders)$"});
    CHECK(regexes("\"Orders\"", 3) == std::vector<std::string>{"^(Orders)$"});
    CHECK(regexes("\"Mixed Case\".Tab", 3) == std::vector<std::string>{"^(Mixed Case)$", "^(tab)$"});
}

TEST_CASE("name pattern wildcards", "[name_pattern]") {
    CHECK(regexes("t*", 3) == std::vector<std::string>{"^(t.*)$"});
    CHECK(regexes("a?c", 1) == std::vector<std::string>{"^(a.c)$"});
    CHECK(regexes("*", 3) == std::vector<std::string>{"^(.*)$"});
    // Inside quotes the wildcards are literal characters.
    CHECK(regexes("\"t*?\"", 3) == std::vector<std::string>{"^(t\\*\\?)$"});
}

TEST_CASE("name pattern qualified names", "[name_pattern]") {
    const NamePatternParts parts = split_name_pattern("Shop.public.T1", 3);
    CHECK(parts.regexes == std::vector<std::string>{"^(shop)$", "^(public)$", "^(t1)$"});
    CHECK(parts.dot_count == 2);
    CHECK(parts.first_part_literal == "shop");

    // A dot inside quotes is part of the name.
    const NamePatternParts quoted = split_name_pattern("\"dot.ted\".\"a.b\"", 3);
    CHECK(quoted.regexes == std::vector<std::string>{"^(dot\\.ted)$", "^(a\\.b)$"});
    CHECK(quoted.dot_count == 1);
}

TEST_CASE("name pattern extra dots", "[name_pattern]") {
    const NamePatternParts parts = split_name_pattern("a.b.c.d", 3);
    CHECK(parts.regexes == std::vector<std::string>{"^(a)$", "^(b)$", "^(c.d)$"});
    CHECK(parts.dot_count == 3);

    const NamePatternParts schema = split_name_pattern("db.schema", 1);
    CHECK(schema.regexes == std::vector<std::string>{"^(db.schema)$"});
    CHECK(schema.dot_count == 1);
}

TEST_CASE("name pattern doubled quote", "[name_pattern]") {
    CHECK(regexes("\"Tab\"\"Quote\"", 3) == std::vector<std::string>{"^(Tab\"Quote)$"});
    CHECK(split_name_pattern("\"a\"\"b\".c", 3).first_part_literal == "a\"b");
}

TEST_CASE("name pattern regex specials", "[name_pattern]") {
    // Outside quotes a regular expression passes through, except $ and [].
    CHECK(regexes("item(s|_log)", 3) == std::vector<std::string>{"^(item(s|_log))$"});
    CHECK(regexes("a$b", 3) == std::vector<std::string>{"^(a\\$b)$"});
    CHECK(regexes("int[]", 3) == std::vector<std::string>{"^(int\\[])$"});
    // Inside quotes every special character is escaped.
    CHECK(regexes("\"a+b(c)\"", 3) == std::vector<std::string>{"^(a\\+b\\(c\\))$"});
    CHECK(regexes("\"x\\\\y\"", 3) == std::vector<std::string>{"^(x\\\\\\\\y)$"});
}

TEST_CASE("name pattern keeps multibyte characters", "[name_pattern]") {
    CHECK(regexes("\xc3\xbc*", 3) == std::vector<std::string>{"^(\xc3\xbc.*)$"});
}

TEST_CASE("name pattern conditions", "[name_pattern]") {
    const auto qualified = split_name_pattern("public.t*", 3);
    CHECK(name_pattern_conditions(qualified, "c.relname", "n.nspname", "visible(c.oid)", true) ==
          "c.relname OPERATOR(pg_catalog.~) '^(t.*)$' COLLATE pg_catalog.default AND "
          "n.nspname OPERATOR(pg_catalog.~) '^(public)$' COLLATE pg_catalog.default");

    // Without a schema part the visibility rule applies.
    const auto bare = split_name_pattern("t1", 3);
    CHECK(name_pattern_conditions(bare, "c.relname", "n.nspname", "visible(c.oid)", true) ==
          "c.relname OPERATOR(pg_catalog.~) '^(t1)$' COLLATE pg_catalog.default AND visible(c.oid)");

    // A lone * matches everything and adds no condition.
    const auto star = split_name_pattern("*.*", 3);
    CHECK(name_pattern_conditions(star, "c.relname", "n.nspname", "visible(c.oid)", true).empty());

    // Quotes in a regex are doubled inside the SQL literal.
    const auto quote = split_name_pattern("\"it's\"", 1);
    CHECK(name_pattern_conditions(quote, "n.nspname", "", "", true) ==
          "n.nspname OPERATOR(pg_catalog.~) '^(it''s)$' COLLATE pg_catalog.default");
}
