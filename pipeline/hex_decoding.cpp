#include "pipeline/hex_decoding.hpp"

namespace wiredump::pipeline {

namespace {

// The value of one hex digit, or -1 for any other character.
int digit_value(char digit) {
    if (digit >= '0' && digit <= '9') return digit - '0';
    if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
    if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
    return -1;
}

}  // namespace

std::error_code append_hex_bytes(std::string_view text, std::vector<std::uint8_t>& bytes) {
    if (text.starts_with("\\x")) text.remove_prefix(2);
    if (text.size() % 2 != 0) return std::make_error_code(std::errc::invalid_argument);

    const std::size_t old_size = bytes.size();
    bytes.reserve(old_size + text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = digit_value(text[i]);
        const int low = digit_value(text[i + 1]);
        if (high < 0 || low < 0) {
            bytes.resize(old_size);
            return std::make_error_code(std::errc::invalid_argument);
        }
        bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
    }
    return {};
}

}  // namespace wiredump::pipeline
