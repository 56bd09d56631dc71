#pragma once

#include <string>
#include <string_view>

namespace wiredump::cli {

// A JSON string literal holding text: quotes, backslashes and control
// characters escaped. Other bytes pass through, so UTF-8 stays UTF-8.
std::string json_string(std::string_view text);

}  // namespace wiredump::cli
