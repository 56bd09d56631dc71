#include "dumpfmt/json_value.hpp"

#include <cstdio>

namespace wiredump::dumpfmt {
namespace {

constexpr int max_nesting = 64;

class JsonParser {
public:
    explicit JsonParser(std::string_view text) : text_(text) {}

    bool parse_document(JsonValue& out, std::string& message) {
        skip_whitespace();
        if (!parse_value(out, 0)) {
            message = error_;
            return false;
        }
        skip_whitespace();
        if (position_ != text_.size()) {
            message = "unexpected text after the JSON value at byte " + std::to_string(position_);
            return false;
        }
        return true;
    }

private:
    bool fail(std::string reason) {
        error_ = std::move(reason) + " at byte " + std::to_string(position_);
        return false;
    }

    bool at_end() const { return position_ >= text_.size(); }
    char peek() const { return text_[position_]; }

    void skip_whitespace() {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
            ++position_;
        }
    }

    bool consume_literal(std::string_view literal) {
        if (text_.substr(position_, literal.size()) != literal) {
            return fail("invalid JSON literal");
        }
        position_ += literal.size();
        return true;
    }

    bool parse_value(JsonValue& out, int depth) {
        if (at_end()) {
            return fail("missing JSON value");
        }
        switch (peek()) {
        case '{':
            return parse_object(out, depth + 1);
        case '[':
            return parse_array(out, depth + 1);
        case '"':
            out.kind = JsonValue::Kind::string;
            return parse_string(out.text);
        case 't':
            out.kind = JsonValue::Kind::boolean;
            out.boolean = true;
            return consume_literal("true");
        case 'f':
            out.kind = JsonValue::Kind::boolean;
            out.boolean = false;
            return consume_literal("false");
        case 'n':
            out.kind = JsonValue::Kind::null;
            return consume_literal("null");
        default:
            return parse_number(out);
        }
    }

    bool parse_object(JsonValue& out, int depth) {
        if (depth > max_nesting) {
            return fail("JSON nested more than " + std::to_string(max_nesting) + " levels deep");
        }
        out.kind = JsonValue::Kind::object;
        ++position_;
        skip_whitespace();
        if (!at_end() && peek() == '}') {
            ++position_;
            return true;
        }
        while (true) {
            skip_whitespace();
            if (at_end() || peek() != '"') {
                return fail("missing object member name");
            }
            std::string key;
            if (!parse_string(key)) {
                return false;
            }
            skip_whitespace();
            if (at_end() || peek() != ':') {
                return fail("missing ':' after an object member name");
            }
            ++position_;
            skip_whitespace();
            JsonValue value;
            if (!parse_value(value, depth)) {
                return false;
            }
            out.members.push_back({std::move(key), std::move(value)});
            skip_whitespace();
            if (!at_end() && peek() == ',') {
                ++position_;
                continue;
            }
            if (!at_end() && peek() == '}') {
                ++position_;
                return true;
            }
            return fail("missing ',' or '}' in an object");
        }
    }

    bool parse_array(JsonValue& out, int depth) {
        if (depth > max_nesting) {
            return fail("JSON nested more than " + std::to_string(max_nesting) + " levels deep");
        }
        out.kind = JsonValue::Kind::array;
        ++position_;
        skip_whitespace();
        if (!at_end() && peek() == ']') {
            ++position_;
            return true;
        }
        while (true) {
            skip_whitespace();
            JsonValue item;
            if (!parse_value(item, depth)) {
                return false;
            }
            out.items.push_back(std::move(item));
            skip_whitespace();
            if (!at_end() && peek() == ',') {
                ++position_;
                continue;
            }
            if (!at_end() && peek() == ']') {
                ++position_;
                return true;
            }
            return fail("missing ',' or ']' in an array");
        }
    }

    bool parse_hex4(unsigned& value) {
        if (text_.size() - position_ < 4) {
            return fail("incomplete \\u escape");
        }
        value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[position_++];
            value <<= 4;
            if (c >= '0' && c <= '9') {
                value |= static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                value |= static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                value |= static_cast<unsigned>(c - 'A' + 10);
            } else {
                return fail("invalid hex digit in a \\u escape");
            }
        }
        return true;
    }

    static void append_utf8(std::string& out, unsigned code_point) {
        if (code_point < 0x80) {
            out += static_cast<char>(code_point);
        } else if (code_point < 0x800) {
            out += static_cast<char>(0xC0 | (code_point >> 6));
            out += static_cast<char>(0x80 | (code_point & 0x3F));
        } else if (code_point < 0x10000) {
            out += static_cast<char>(0xE0 | (code_point >> 12));
            out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code_point & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code_point >> 18));
            out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code_point & 0x3F));
        }
    }

    bool parse_unicode_escape(std::string& out) {
        unsigned code_point = 0;
        if (!parse_hex4(code_point)) {
            return false;
        }
        // A high surrogate must be followed by an escaped low surrogate.
        if (code_point >= 0xD800 && code_point <= 0xDBFF) {
            unsigned low = 0;
            if (text_.substr(position_, 2) != "\\u") {
                return fail("unpaired UTF-16 surrogate in a \\u escape");
            }
            position_ += 2;
            if (!parse_hex4(low)) {
                return false;
            }
            if (low < 0xDC00 || low > 0xDFFF) {
                return fail("unpaired UTF-16 surrogate in a \\u escape");
            }
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
        } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
            return fail("unpaired UTF-16 surrogate in a \\u escape");
        }
        append_utf8(out, code_point);
        return true;
    }

    bool parse_string(std::string& out) {
        ++position_;  // the opening quote
        while (true) {
            if (at_end()) {
                return fail("unterminated string");
            }
            const char c = text_[position_++];
            if (c == '"') {
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return fail("control character inside a string");
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_end()) {
                return fail("unterminated string");
            }
            const char escape = text_[position_++];
            switch (escape) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u':
                if (!parse_unicode_escape(out)) {
                    return false;
                }
                break;
            default:
                --position_;
                return fail("invalid escape in a string");
            }
        }
    }

    bool skip_digits() {
        const std::size_t start = position_;
        while (!at_end() && peek() >= '0' && peek() <= '9') {
            ++position_;
        }
        return position_ > start;
    }

    bool parse_number(JsonValue& out) {
        const std::size_t start = position_;
        if (!at_end() && peek() == '-') {
            ++position_;
        }
        if (!at_end() && peek() == '0') {
            ++position_;
        } else if (!skip_digits()) {
            return fail("invalid JSON value");
        }
        if (!at_end() && peek() == '.') {
            ++position_;
            if (!skip_digits()) {
                return fail("missing digits after a decimal point");
            }
        }
        if (!at_end() && (peek() == 'e' || peek() == 'E')) {
            ++position_;
            if (!at_end() && (peek() == '+' || peek() == '-')) {
                ++position_;
            }
            if (!skip_digits()) {
                return fail("missing exponent digits");
            }
        }
        out.kind = JsonValue::Kind::number;
        out.text = std::string(text_.substr(start, position_ - start));
        return true;
    }

    std::string_view text_;
    std::size_t position_ = 0;
    std::string error_;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
    for (const JsonMember& member : members) {
        if (member.name == key) {
            return &member.value;
        }
    }
    return nullptr;
}

bool parse_json(std::string_view text, JsonValue& out, std::string& message) {
    out = JsonValue{};
    return JsonParser(text).parse_document(out, message);
}

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace wiredump::dumpfmt
