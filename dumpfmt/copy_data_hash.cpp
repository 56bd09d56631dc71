#include "dumpfmt/copy_data_hash.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace wiredump::dumpfmt {
namespace {

constexpr std::string_view end_marker_line = "\\.";

int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

}  // namespace

std::string Hash128::to_hex() const {
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH128_hash_t{low, high});

    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    text.reserve(32);
    for (const unsigned char byte : canonical.digest) {
        text += digits[byte >> 4];
        text += digits[byte & 0x0f];
    }
    return text;
}

std::optional<Hash128> Hash128::from_hex(std::string_view text) {
    if (text.size() != 32) {
        return std::nullopt;
    }
    XXH128_canonical_t canonical;
    for (std::size_t i = 0; i < 16; ++i) {
        const int high_nibble = hex_digit_value(text[2 * i]);
        const int low_nibble = hex_digit_value(text[2 * i + 1]);
        if (high_nibble < 0 || low_nibble < 0) {
            return std::nullopt;
        }
        canonical.digest[i] = static_cast<unsigned char>(high_nibble * 16 + low_nibble);
    }
    const XXH128_hash_t hash = XXH128_hashFromCanonical(&canonical);
    return Hash128{hash.high64, hash.low64};
}

StreamHasher::StreamHasher() : state_(XXH3_createState()) {
    if (state_ == nullptr) {
        throw std::bad_alloc();
    }
    XXH3_128bits_reset(state_);
}

StreamHasher::~StreamHasher() {
    XXH3_freeState(state_);
}

void StreamHasher::update(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) {
        return;
    }
    XXH3_128bits_update(state_, bytes.data(), bytes.size());
    size_ += bytes.size();
}

Hash128 StreamHasher::digest() const {
    const XXH128_hash_t hash = XXH3_128bits_digest(state_);
    return {hash.high64, hash.low64};
}

void CopyDataHasher::flush_held_back() {
    hasher_.update({reinterpret_cast<const std::uint8_t*>(held_back_.data()), held_back_.size()});
    held_back_.clear();
}

void CopyDataHasher::finish() {
    if (!end_marker_seen_) {
        flush_held_back();
    }
}

void CopyDataHasher::write(std::span<const std::uint8_t> data) {
    while (!data.empty() && !end_marker_seen_) {
        if (at_line_start_) {
            // Hold back what could begin "\." until the line proves otherwise.
            const char next = static_cast<char>(data.front());
            if (held_back_.size() < end_marker_line.size() && next == end_marker_line[held_back_.size()]) {
                held_back_ += next;
                data = data.subspan(1);
                continue;
            }
            if (held_back_ == end_marker_line && next == '\n') {
                end_marker_seen_ = true;
                return;
            }
            flush_held_back();
            at_line_start_ = false;
        }

        const auto* newline = static_cast<const std::uint8_t*>(std::memchr(data.data(), '\n', data.size()));
        const std::size_t length = newline == nullptr ? data.size() : static_cast<std::size_t>(newline - data.data()) + 1;
        hasher_.update(data.first(length));
        data = data.subspan(length);
        if (newline != nullptr) {
            ++rows_;
            at_line_start_ = true;
        }
    }
}

}  // namespace wiredump::dumpfmt
