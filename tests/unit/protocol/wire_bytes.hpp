#pragma once

// Builders for the bytes of backend and frontend messages, so tests state
// messages field by field instead of as opaque hex.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace wiredump::protocol::test {

using ByteVector = std::vector<std::uint8_t>;

class BodyBuilder {
public:
    BodyBuilder& int8(std::uint8_t value) {
        bytes_.push_back(value);
        return *this;
    }
    BodyBuilder& int16(std::int16_t value) {
        const auto bits = static_cast<std::uint16_t>(value);
        bytes_.push_back(static_cast<std::uint8_t>(bits >> 8));
        bytes_.push_back(static_cast<std::uint8_t>(bits));
        return *this;
    }
    BodyBuilder& int32(std::int32_t value) {
        const auto bits = static_cast<std::uint32_t>(value);
        for (int shift = 24; shift >= 0; shift -= 8) bytes_.push_back(static_cast<std::uint8_t>(bits >> shift));
        return *this;
    }
    BodyBuilder& cstring(std::string_view text) {
        raw(text);
        bytes_.push_back(0);
        return *this;
    }
    BodyBuilder& raw(std::string_view text) {
        bytes_.insert(bytes_.end(), text.begin(), text.end());
        return *this;
    }
    BodyBuilder& raw(const ByteVector& bytes) {
        bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
        return *this;
    }

    const ByteVector& bytes() const { return bytes_; }

    // Returns the body framed as a message: tag, length word, body.
    ByteVector message(char tag) const {
        BodyBuilder framed;
        framed.int8(static_cast<std::uint8_t>(tag)).int32(static_cast<std::int32_t>(bytes_.size() + 4)).raw(bytes_);
        return framed.bytes();
    }

private:
    ByteVector bytes_;
};

inline ByteVector concat(std::initializer_list<ByteVector> parts) {
    ByteVector all;
    for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
    return all;
}

// Common backend messages.

inline ByteVector authentication(std::int32_t code) { return BodyBuilder().int32(code).message('R'); }

inline ByteVector parameter_status(std::string_view name, std::string_view value) {
    return BodyBuilder().cstring(name).cstring(value).message('S');
}

inline ByteVector backend_key_data(std::int32_t process_id, std::int32_t secret_key) {
    return BodyBuilder().int32(process_id).int32(secret_key).message('K');
}

inline ByteVector ready_for_query(char status = 'I') {
    return BodyBuilder().int8(static_cast<std::uint8_t>(status)).message('Z');
}

inline ByteVector error_response(std::string_view severity, std::string_view sqlstate, std::string_view message) {
    return BodyBuilder()
        .int8('S').cstring(severity)
        .int8('V').cstring(severity)
        .int8('C').cstring(sqlstate)
        .int8('M').cstring(message)
        .int8(0)
        .message('E');
}

inline ByteVector notice_response(std::string_view message) {
    return BodyBuilder().int8('S').cstring("NOTICE").int8('C').cstring("00000").int8('M').cstring(message).int8(0).message('N');
}

inline ByteVector command_complete(std::string_view tag) { return BodyBuilder().cstring(tag).message('C'); }

// RowDescription with text-format columns of type text (OID 25).
inline ByteVector row_description(std::initializer_list<std::string_view> names) {
    BodyBuilder body;
    body.int16(static_cast<std::int16_t>(names.size()));
    for (const auto name : names) body.cstring(name).int32(0).int16(0).int32(25).int16(-1).int32(-1).int16(0);
    return body.message('T');
}

// DataRow in which a nullptr value is sent as NULL (length -1).
inline ByteVector data_row(std::initializer_list<const char*> values) {
    BodyBuilder body;
    body.int16(static_cast<std::int16_t>(values.size()));
    for (const char* value : values) {
        if (value == nullptr) {
            body.int32(-1);
        } else {
            body.int32(static_cast<std::int32_t>(std::string_view(value).size())).raw(value);
        }
    }
    return body.message('D');
}

inline ByteVector copy_out_response(std::int16_t columns) {
    BodyBuilder body;
    body.int8(0).int16(columns);
    for (std::int16_t i = 0; i < columns; ++i) body.int16(0);
    return body.message('H');
}

inline ByteVector copy_data(std::string_view payload) { return BodyBuilder().raw(payload).message('d'); }
inline ByteVector copy_done() { return BodyBuilder().message('c'); }

// Frontend messages as the client must send them.

inline ByteVector query(std::string_view sql) { return BodyBuilder().cstring(sql).message('Q'); }
inline ByteVector password_message(std::string_view password) { return BodyBuilder().cstring(password).message('p'); }

}  // namespace wiredump::protocol::test
