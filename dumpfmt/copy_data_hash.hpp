#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct XXH3_state_s;

namespace wiredump::dumpfmt {

// An XXH3-128 hash value. Its text form is the 32 lowercase hex digits of
// xxHash's canonical (big-endian) byte order, high half first.
struct Hash128 {
    std::uint64_t high = 0;
    std::uint64_t low = 0;

    bool operator==(const Hash128&) const = default;

    std::string to_hex() const;
    static std::optional<Hash128> from_hex(std::string_view text);
};

// Computes the XXH3-128 hash of bytes given in pieces.
class StreamHasher {
public:
    StreamHasher();
    ~StreamHasher();
    StreamHasher(const StreamHasher&) = delete;
    StreamHasher& operator=(const StreamHasher&) = delete;

    void update(std::span<const std::uint8_t> bytes);
    Hash128 digest() const;
    std::uint64_t size() const { return size_; }

private:
    XXH3_state_s* state_;
    std::uint64_t size_ = 0;
};

// Hashes one table's text-format COPY data the way the manifest records it:
// the bytes the server sends for COPY ... TO STDOUT. In an archive the same
// bytes are followed by pg_dump's end-of-data line "\." and blank lines, so
// hashing stops at a line that is exactly "\.". Rows are counted as line
// ends, because COPY's text format writes a newline inside a value as \n.
class CopyDataHasher {
public:
    void write(std::span<const std::uint8_t> data);
    // Hashes the bytes held back at the end of data that did not end with a
    // newline. Call once, after the last write() and before digest().
    void finish();

    std::uint64_t rows() const { return rows_; }
    // Bytes hashed, which excludes the end-of-data line and what follows it.
    std::uint64_t size() const { return hasher_.size(); }
    Hash128 digest() const { return hasher_.digest(); }

private:
    void flush_held_back();

    StreamHasher hasher_;
    bool at_line_start_ = true;
    // Bytes of the current line held back while they could still be the
    // start of the end-of-data line: "", "\" or "\.".
    std::string held_back_;
    bool end_marker_seen_ = false;
    std::uint64_t rows_ = 0;
};

}  // namespace wiredump::dumpfmt
