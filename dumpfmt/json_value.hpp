#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wiredump::dumpfmt {

struct JsonMember;

// A parsed JSON (RFC 8259) value, for the small documents wiredump reads
// back, such as the manifest. Numbers keep their text so the caller decides
// the integer type and range.
struct JsonValue {
    enum class Kind { null, boolean, number, string, array, object };

    Kind kind = Kind::null;
    bool boolean = false;
    std::string text;  // a string's decoded UTF-8 bytes, or a number's literal
    std::vector<JsonValue> items;
    std::vector<JsonMember> members;  // in document order

    // The member named `key` of an object, or nullptr. With repeated names,
    // the first one.
    const JsonValue* find(std::string_view key) const;
};

struct JsonMember {
    std::string name;
    JsonValue value;
};

// Parses one JSON document with nothing but whitespace after it. Nesting is
// limited to 64 levels, so hostile input cannot exhaust the stack. On
// failure returns false and sets `message` to the reason and byte offset.
bool parse_json(std::string_view text, JsonValue& out, std::string& message);

// Appends `text` as a JSON string literal. Bytes of 0x80 and above are
// copied as they are, so valid UTF-8 stays valid.
void append_json_string(std::string& out, std::string_view text);

}  // namespace wiredump::dumpfmt
