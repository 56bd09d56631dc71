// libFuzzer target for the manifest reader and the JSON parser under it.
// Besides not crashing, a manifest that parses must survive a round trip:
// formatting it and parsing the text again gives the same text once more.
#include "dumpfmt/manifest.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wiredump::dumpfmt;

    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Manifest manifest;
    wiredump::protocol::Diagnostics diagnostics;
    if (parse_manifest(text, manifest, diagnostics)) {
        return 0;
    }

    const std::string formatted = format_manifest(manifest);
    Manifest again;
    if (parse_manifest(formatted, again, diagnostics) || format_manifest(again) != formatted) {
        std::abort();
    }
    return 0;
}
