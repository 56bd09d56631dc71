// libFuzzer target for the connection string and URI parser. The only
// property checked is that no input crashes, reads out of bounds or throws.
#include "protocol/conninfo.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    std::vector<wiredump::protocol::ConninfoOption> options;
    wiredump::protocol::Diagnostics diagnostics;
    (void)wiredump::protocol::parse_connection_string(text, options, diagnostics);

    // The URI parser also runs on text without the prefix, which the
    // dispatcher would send to the keyword/value parser instead.
    std::vector<wiredump::protocol::ConninfoOption> uri_options;
    (void)wiredump::protocol::parse_connection_uri(std::string("postgresql://").append(text), uri_options,
                                                   diagnostics);
    return 0;
}
