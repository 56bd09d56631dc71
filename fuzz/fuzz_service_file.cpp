// libFuzzer target for the connection service file parser. The only property
// checked is that no input crashes, reads out of bounds or throws.
#include "protocol/service_file.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    wiredump::protocol::ServiceSection section;
    wiredump::protocol::Diagnostics diagnostics;
    (void)wiredump::protocol::parse_service_file(text, "fuzz.conf", "a", section, diagnostics);
    (void)wiredump::protocol::parse_service_file(text, "fuzz.conf", "", section, diagnostics);
    return 0;
}
