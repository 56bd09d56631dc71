#include "cli/json_text.hpp"

#include "dumpfmt/json_value.hpp"

namespace wiredump::cli {

std::string json_string(std::string_view text) {
    std::string out;
    dumpfmt::append_json_string(out, text);
    return out;
}

}  // namespace wiredump::cli
