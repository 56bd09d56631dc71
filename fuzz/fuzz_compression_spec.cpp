// libFuzzer target for the -Z value parser. The property checked is that no
// input crashes, reads out of bounds or throws. A value that parses also
// compresses the input with that algorithm and level, so every level the
// parser accepts is one the compressors take. A gzip value also compresses
// with the libdeflate engine, whose spliced output must inflate with zlib to
// exactly the input.
#include "dumpfmt/compression_spec.hpp"
#include "dumpfmt/stream_compressor.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include <zlib.h>

namespace {

using Bytes = std::vector<std::uint8_t>;

// Inflates one zlib stream that must fill the whole of `stream`.
bool inflates_to(const Bytes& stream, const std::uint8_t* data, std::size_t size) {
    Bytes out(size + 1);
    uLongf out_size = static_cast<uLongf>(out.size());
    uLong in_size = static_cast<uLong>(stream.size());
    if (uncompress2(out.data(), &out_size, stream.data(), &in_size) != Z_OK) {
        return false;
    }
    return in_size == stream.size() && out_size == size && std::equal(data, data + size, out.begin());
}

void check_libdeflate_engine(wiredump::dumpfmt::Compression compression, const std::uint8_t* data,
                             std::size_t size) {
    compression.deflate_engine = wiredump::dumpfmt::DeflateEngine::libdeflate;
    Bytes stream;
    const auto sink = [&stream](std::span<const std::uint8_t> bytes) {
        stream.insert(stream.end(), bytes.begin(), bytes.end());
        return std::error_code();
    };
    std::unique_ptr<wiredump::dumpfmt::StreamCompressor> compressor;
    wiredump::protocol::Diagnostics diagnostics;
    if (wiredump::dumpfmt::make_stream_compressor(compression, sink, compressor, diagnostics) ||
        compressor->write({data, size}) || compressor->finish() || !inflates_to(stream, data, size)) {
        std::abort();
    }
}

}  // namespace

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
    if (spec.compression.algorithm == wiredump::dumpfmt::CompressionAlgorithm::gzip) {
        check_libdeflate_engine(spec.compression, data, size);
    }
    return 0;
}
