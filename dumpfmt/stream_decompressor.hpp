#pragma once

#include "dumpfmt/header.hpp"
#include "dumpfmt/stream_compressor.hpp"
#include "protocol/diagnostics.hpp"

#include <memory>
#include <span>
#include <system_error>

namespace wiredump::dumpfmt {

// Decompresses one data member. The caller passes each chunk's bytes to
// write(), then calls finish() at the member's zero-length end marker.
// Decompressed bytes go to the sink. Chunk borders carry no meaning.
class StreamDecompressor {
public:
    virtual ~StreamDecompressor() = default;

    virtual std::error_code write(std::span<const std::uint8_t> chunk,
                                  protocol::Diagnostics& diagnostics) = 0;
    virtual std::error_code finish(protocol::Diagnostics& diagnostics) = 0;
};

// Creates the decompressor for `algorithm`: none, zlib, lz4 or zstd. Returns
// errc::unsupported_compression for unknown algorithm bytes.
std::error_code make_stream_decompressor(CompressionAlgorithm algorithm, ByteSink sink,
                                         std::unique_ptr<StreamDecompressor>& out,
                                         protocol::Diagnostics& diagnostics);

}  // namespace wiredump::dumpfmt
