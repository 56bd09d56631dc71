#include "dumpfmt/json_value.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::dumpfmt;

TEST_CASE("json parses nested document", "[dumpfmt][json]") {
    JsonValue value;
    std::string message;
    REQUIRE(parse_json(R"( {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}} )", value, message));
    REQUIRE(value.kind == JsonValue::Kind::object);
    const JsonValue* a = value.find("a");
    REQUIRE(a != nullptr);
    REQUIRE(a->items.size() == 5);
    CHECK(a->items[0].text == "1");
    CHECK(a->items[1].text == "-2.5e3");
    CHECK(a->items[2].boolean);
    CHECK(a->items[4].kind == JsonValue::Kind::null);
    CHECK(value.find("b")->find("c")->text == "d");
    CHECK(value.find("missing") == nullptr);
}

TEST_CASE("json decodes string escapes", "[dumpfmt][json]") {
    JsonValue value;
    std::string message;
    REQUIRE(parse_json(R"("q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00")", value, message));
    CHECK(value.text == "q\" b\\ s/ \b\f\n\r\t \xc3\xa9 \xf0\x9f\x98\x80");
}

TEST_CASE("json string round trip", "[dumpfmt][json]") {
    const std::string text = std::string("tab\there \"quoted\" back\\slash \x01 caf\xc3\xa9");
    std::string literal;
    append_json_string(literal, text);
    JsonValue value;
    std::string message;
    REQUIRE(parse_json(literal, value, message));
    CHECK(value.text == text);
}

TEST_CASE("json rejects invalid documents", "[dumpfmt][json]") {
    const char* const cases[] = {
        "",          "{",          "[1,]",      "{\"a\" 1}", "{\"a\":1,}", "01",     "1.",    "-",
        "tru",       "\"abc",      "\"\\x\"",   "\"\\ud800\"", "\"\\udc00\"", "\"a\nb\"", "1 2", "{1:2}",
        "\"\\u12g4\"",
    };
    for (const char* text : cases) {
        INFO(text);
        JsonValue value;
        std::string message;
        CHECK_FALSE(parse_json(text, value, message));
        CHECK(message.find("at byte") != std::string::npos);
    }
}

TEST_CASE("json limits nesting depth", "[dumpfmt][json]") {
    JsonValue value;
    std::string message;
    CHECK(parse_json(std::string(64, '[') + std::string(64, ']'), value, message));
    CHECK_FALSE(parse_json(std::string(65, '[') + std::string(65, ']'), value, message));
    CHECK(message.find("nested more than 64 levels") != std::string::npos);
    CHECK_FALSE(parse_json(std::string(100000, '['), value, message));
}
