#pragma once

#include "protocol/errc.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <system_error>

namespace wiredump::protocol {

// Reads the big-endian integers, NUL-terminated strings and byte runs of a
// message body in order. The first read past the end sets
// errc::message_truncated, and every later read then fails too, so a parser may
// read all its fields and check error() once.
class ByteReader {
public:
    explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    std::uint8_t read_uint8() { return static_cast<std::uint8_t>(read_unsigned(1)); }
    std::int16_t read_int16() { return static_cast<std::int16_t>(read_unsigned(2)); }
    std::uint16_t read_uint16() { return static_cast<std::uint16_t>(read_unsigned(2)); }
    std::int32_t read_int32() { return static_cast<std::int32_t>(read_unsigned(4)); }
    std::uint32_t read_uint32() { return static_cast<std::uint32_t>(read_unsigned(4)); }

    // Reads a NUL-terminated string and returns it without the NUL.
    std::string_view read_cstring() {
        if (error_) return {};
        const auto rest = remaining_bytes();
        const void* nul = std::memchr(rest.data(), 0, rest.size());
        if (nul == nullptr) {
            fail();
            return {};
        }
        const auto length = static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - rest.data());
        position_ += length + 1;
        return {reinterpret_cast<const char*>(rest.data()), length};
    }

    std::span<const std::uint8_t> read_bytes(std::size_t count) {
        if (error_ || count > remaining()) {
            fail();
            return {};
        }
        const auto run = bytes_.subspan(position_, count);
        position_ += count;
        return run;
    }

    std::span<const std::uint8_t> read_rest() { return read_bytes(remaining()); }

    std::size_t remaining() const { return bytes_.size() - position_; }
    std::span<const std::uint8_t> remaining_bytes() const { return bytes_.subspan(position_); }
    std::error_code error() const { return error_; }

    // Returns the read error, or errc::trailing_bytes when the body is longer
    // than the fields read from it.
    std::error_code finish() const {
        if (error_) return error_;
        if (remaining() != 0) return errc::trailing_bytes;
        return {};
    }

private:
    std::uint32_t read_unsigned(std::size_t width) {
        if (error_ || width > remaining()) {
            fail();
            return 0;
        }
        std::uint32_t value = 0;
        for (std::size_t i = 0; i < width; ++i) value = (value << 8) | bytes_[position_ + i];
        position_ += width;
        return value;
    }

    void fail() {
        error_ = errc::message_truncated;
        position_ = bytes_.size();
    }

    std::span<const std::uint8_t> bytes_;
    std::size_t position_ = 0;
    std::error_code error_;
};

}  // namespace wiredump::protocol
