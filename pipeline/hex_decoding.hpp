#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::pipeline {

// Appends the bytes of hex text such as "00ff41" to `bytes`. The text may
// start with "\x", as bytea values do when bytea_output is hex. Upper and
// lower case digits are accepted. An odd digit count or any other character
// returns std::errc::invalid_argument and leaves `bytes` as it was.
std::error_code append_hex_bytes(std::string_view text, std::vector<std::uint8_t>& bytes);

}  // namespace wiredump::pipeline
