#include "dumpfmt/encoding.hpp"

#include "dumpfmt/errc.hpp"

#include <climits>

namespace wiredump::dumpfmt {

void append_byte(std::vector<std::uint8_t>& out, std::uint8_t value) {
    out.push_back(value);
}

std::array<std::uint8_t, 1 + written_integer_size> encode_int(std::int32_t value) {
    // Computing the magnitude in 64 bits keeps INT_MIN well defined: 2^31.
    const std::int64_t wide = value;
    const std::uint64_t magnitude = static_cast<std::uint64_t>(wide < 0 ? -wide : wide);

    std::array<std::uint8_t, 1 + written_integer_size> encoded{};
    encoded[0] = value < 0 ? 1 : 0;
    for (std::size_t i = 0; i < written_integer_size; ++i) {
        encoded[1 + i] = static_cast<std::uint8_t>((magnitude >> (8 * i)) & 0xff);
    }
    return encoded;
}

void append_int(std::vector<std::uint8_t>& out, std::int32_t value) {
    const auto encoded = encode_int(value);
    out.insert(out.end(), encoded.begin(), encoded.end());
}

void append_oid(std::vector<std::uint8_t>& out, std::uint32_t oid) {
    append_int(out, static_cast<std::int32_t>(oid));
}

void append_string(std::vector<std::uint8_t>& out, std::string_view value) {
    append_int(out, static_cast<std::int32_t>(value.size()));
    out.insert(out.end(), value.begin(), value.end());
}

void append_null_string(std::vector<std::uint8_t>& out) {
    append_int(out, -1);
}

void append_optional_string(std::vector<std::uint8_t>& out, const std::optional<std::string>& value) {
    if (value) {
        append_string(out, *value);
    } else {
        append_null_string(out);
    }
}

void append_offset(std::vector<std::uint8_t>& out, const DataOffset& offset) {
    out.push_back(static_cast<std::uint8_t>(offset.flag));
    for (int i = 0; i < written_offset_size; ++i) {
        out.push_back(static_cast<std::uint8_t>((offset.position >> (8 * i)) & 0xff));
    }
}

ByteReader::ByteReader(std::span<const std::uint8_t> bytes, std::size_t base_offset)
    : bytes_(bytes), base_offset_(base_offset) {}

void ByteReader::set_sizes(int integer_size, int offset_size) {
    integer_size_ = integer_size;
    offset_size_ = offset_size;
}

std::error_code ByteReader::fail(std::error_code code, std::size_t at, std::string_view field,
                                 std::string_view problem) {
    error_message_ = "at archive byte " + std::to_string(at) + ", ";
    if (!context_.empty()) {
        error_message_ += context_ + ", ";
    }
    error_message_ += std::string(field) + ": " + std::string(problem);
    return code;
}

std::error_code ByteReader::require(std::size_t count, std::string_view field) {
    if (remaining() >= count) {
        return {};
    }
    return fail(errc::truncated, offset(), field,
                "needs " + std::to_string(count) + " bytes but the input ends after " +
                    std::to_string(remaining()));
}

std::error_code ByteReader::read_byte(std::uint8_t& out, std::string_view field) {
    if (auto error = require(1, field)) {
        return error;
    }
    out = bytes_[position_++];
    return {};
}

std::error_code ByteReader::read_bytes(std::span<std::uint8_t> out, std::string_view field) {
    if (auto error = require(out.size(), field)) {
        return error;
    }
    for (auto& byte : out) {
        byte = bytes_[position_++];
    }
    return {};
}

std::error_code ByteReader::read_view(std::size_t count, std::span<const std::uint8_t>& out,
                                      std::string_view field) {
    if (auto error = require(count, field)) {
        return error;
    }
    out = bytes_.subspan(position_, count);
    position_ += count;
    return {};
}

std::error_code ByteReader::read_int(std::int64_t& out, std::string_view field) {
    const std::size_t start = offset();
    if (auto error = require(1 + static_cast<std::size_t>(integer_size_), field)) {
        return error;
    }

    const bool negative = bytes_[position_++] != 0;
    std::uint64_t magnitude = 0;
    bool too_wide = false;
    for (int i = 0; i < integer_size_; ++i) {
        const std::uint8_t byte = bytes_[position_++];
        if (i < 4) {
            magnitude |= static_cast<std::uint64_t>(byte) << (8 * i);
        } else if (byte != 0) {
            too_wide = true;
        }
    }
    if (too_wide) {
        return fail(errc::integer_out_of_range, start, field,
                    "the integer has non-zero bytes beyond the fourth");
    }

    out = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
    return {};
}

std::error_code ByteReader::read_int32(std::int32_t& out, std::string_view field) {
    const std::size_t start = offset();
    std::int64_t value = 0;
    if (auto error = read_int(value, field)) {
        return error;
    }
    if (value < INT32_MIN || value > INT32_MAX) {
        return fail(errc::integer_out_of_range, start, field,
                    "the value " + std::to_string(value) + " does not fit in a 32-bit int");
    }
    out = static_cast<std::int32_t>(value);
    return {};
}

std::error_code ByteReader::read_oid(std::uint32_t& out, std::string_view field) {
    std::int64_t value = 0;
    if (auto error = read_int(value, field)) {
        return error;
    }
    // Modulo 2^32, so the negative form of a large OID maps back to the OID.
    out = static_cast<std::uint32_t>(static_cast<std::uint64_t>(value));
    return {};
}

std::error_code ByteReader::read_string(std::optional<std::string>& out, std::string_view field) {
    std::int64_t length = 0;
    if (auto error = read_int(length, field)) {
        return error;
    }
    if (length < 0) {
        out.reset();
        return {};
    }
    if (auto error = require(static_cast<std::size_t>(length), field)) {
        return error;
    }

    const auto* first = reinterpret_cast<const char*>(bytes_.data() + position_);
    out.emplace(first, static_cast<std::size_t>(length));
    position_ += static_cast<std::size_t>(length);
    return {};
}

std::error_code ByteReader::read_offset(DataOffset& out, std::string_view field) {
    const std::size_t start = offset();
    if (auto error = require(1 + static_cast<std::size_t>(offset_size_), field)) {
        return error;
    }

    const std::uint8_t flag = bytes_[position_++];
    std::uint64_t position = 0;
    bool too_wide = false;
    for (int i = 0; i < offset_size_; ++i) {
        const std::uint8_t byte = bytes_[position_++];
        if (i < 8) {
            position |= static_cast<std::uint64_t>(byte) << (8 * i);
        } else if (byte != 0) {
            too_wide = true;
        }
    }

    if (flag < 1 || flag > 3) {
        return fail(errc::invalid_offset_flag, start, field,
                    "the offset flag is " + std::to_string(flag) + ", expected 1, 2 or 3");
    }
    if (too_wide) {
        return fail(errc::offset_out_of_range, start, field,
                    "the offset has non-zero bytes beyond the eighth");
    }

    out.flag = static_cast<OffsetFlag>(flag);
    out.position = position;
    return {};
}

}  // namespace wiredump::dumpfmt
