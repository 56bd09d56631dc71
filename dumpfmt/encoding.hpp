#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::dumpfmt {

// wiredump always writes intSize 4 and offSize 8, the sizes of int and off_t
// that pg_dump 15 writes on 64-bit Linux.
inline constexpr int written_integer_size = 4;
inline constexpr int written_offset_size = 8;

// The flag byte in front of every TOC data offset.
enum class OffsetFlag : std::uint8_t {
    not_set = 1,  // the entry has a data block at an unknown position (pipe output)
    set = 2,      // the entry's data block starts at `position`
    no_data = 3,  // the entry has no data block
};

struct DataOffset {
    OffsetFlag flag = OffsetFlag::no_data;
    std::uint64_t position = 0;  // byte offset of the block's type byte, 0 unless flag is set

    bool operator==(const DataOffset&) const = default;
};

// Appenders for the archive's primitive encodings.
// An int is a sign byte (1 = negative) and the magnitude in 4 little-endian bytes.
void append_byte(std::vector<std::uint8_t>& out, std::uint8_t value);
void append_int(std::vector<std::uint8_t>& out, std::int32_t value);
std::array<std::uint8_t, 1 + written_integer_size> encode_int(std::int32_t value);
// Writes an OID through the signed int, as pg_dump does: OIDs of 2^31 and above
// come out negative, and pg_restore casts them back.
void append_oid(std::vector<std::uint8_t>& out, std::uint32_t oid);
// A string is an int length and the raw bytes. NULL is the length -1.
void append_string(std::vector<std::uint8_t>& out, std::string_view value);
void append_null_string(std::vector<std::uint8_t>& out);
void append_optional_string(std::vector<std::uint8_t>& out, const std::optional<std::string>& value);
// An offset is the flag byte and the position in 8 little-endian bytes.
void append_offset(std::vector<std::uint8_t>& out, const DataOffset& offset);

// Sequential reader of the primitive encodings over bytes that the caller
// keeps alive. On failure a read returns an errc and stores a message naming
// the byte offset and the field, available from error_message().
class ByteReader {
public:
    // base_offset is the archive offset of bytes[0], for offset() and messages.
    explicit ByteReader(std::span<const std::uint8_t> bytes, std::size_t base_offset = 0);

    // Sets intSize and offSize once the header has been read (both 1..32).
    void set_sizes(int integer_size, int offset_size);

    // Text put in front of field names in messages, such as "TOC entry 3 of 15".
    void set_context(std::string context) { context_ = std::move(context); }

    std::error_code read_byte(std::uint8_t& out, std::string_view field);
    std::error_code read_bytes(std::span<std::uint8_t> out, std::string_view field);
    // Points `out` at the next `count` bytes without copying them.
    std::error_code read_view(std::size_t count, std::span<const std::uint8_t>& out, std::string_view field);
    // Returns the value in [-(2^32 - 1), 2^32 - 1]. Integers wider than 4 bytes
    // are accepted when their high bytes are zero.
    std::error_code read_int(std::int64_t& out, std::string_view field);
    // Reads an int that must be a C int, as pg_dump stores it.
    std::error_code read_int32(std::int32_t& out, std::string_view field);
    // Reads an int containing an OID and undoes the negative form of OIDs >= 2^31.
    std::error_code read_oid(std::uint32_t& out, std::string_view field);
    // Any negative length reads as NULL, as in pg_restore.
    std::error_code read_string(std::optional<std::string>& out, std::string_view field);
    std::error_code read_offset(DataOffset& out, std::string_view field);

    std::size_t offset() const { return base_offset_ + position_; }
    std::size_t remaining() const { return bytes_.size() - position_; }
    const std::string& error_message() const { return error_message_; }

    // Stores a message about a value that decoded but is invalid, at `at`.
    std::error_code fail(std::error_code code, std::size_t at, std::string_view field,
                         std::string_view problem);

private:
    std::error_code require(std::size_t count, std::string_view field);

    std::span<const std::uint8_t> bytes_;
    std::size_t base_offset_ = 0;
    std::size_t position_ = 0;
    int integer_size_ = written_integer_size;
    int offset_size_ = written_offset_size;
    std::string context_;
    std::string error_message_;
};

}  // namespace wiredump::dumpfmt
