// libFuzzer target for the -Z value parser. The only property checked is
// that no input crashes, reads out of bounds or throws. A value that parses
// also compresses the input with that algorithm and level, so every level the
// parser accepts is one the compressors take.
#include "dumpfmt/compression_spec.hpp"
#include "dumpfmt/stream_compressor.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    wiredump::dumpfmt::CompressionSpec spec;
    wiredump::protocol::Diagnostics diagnostics;
    if (wiredump::dumpfmt::parse_compression_spec(text, spec, diagnostics)) {
        return 0;
    }

    std::unique_ptr<wiredump::dumpfmt::StreamCompressor> compressor;
    const auto sink = [](std::span<const std::uint8_t>) { return std::error_code(); };
    if (wiredump::dumpfmt::make_stream_compressor(spec.compression, sink, compressor, diagnostics) ||
        compressor->write({data, size}) || compressor->finish()) {
        std::abort();
    }
    return 0;
}
