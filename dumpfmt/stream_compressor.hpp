#pragma once

#include "dumpfmt/header.hpp"
#include "protocol/diagnostics.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <system_error>

namespace wiredump::dumpfmt {

// Receives output bytes. The span is valid only during the call. A non-zero
// error code stops the writer, which returns that same code to its caller.
using ByteSink = std::function<std::error_code(std::span<const std::uint8_t>)>;

// The maximum number of compressed bytes a compressor passes to its sink at
// once, and so the largest chunk a data block gets. pg_restore 15 restored
// archives with chunks of this size, and larger chunks cost less framing.
inline constexpr std::size_t max_chunk_size = 16 * 1024;

// Compresses one data member (one table's data or one large object) into one
// stream. The caller calls write() any number of times, then finish() once.
// Output goes to the sink in non-empty pieces of at most max_chunk_size bytes,
// so that every piece can become one chunk: a zero-length chunk would end the
// member early. Memory use is bounded by the chunk buffer and the
// algorithm's own state, whatever the input size.
class StreamCompressor {
public:
    virtual ~StreamCompressor() = default;

    // Compresses input. May pass zero or more pieces to the sink.
    virtual std::error_code write(std::span<const std::uint8_t> input) = 0;

    // Ends the stream and passes the rest of the output to the sink. Even
    // an empty member gets a complete stream, because pg_restore fails on a
    // compressed member with no stream at all. No call is allowed afterwards.
    virtual std::error_code finish() = 0;
};

// Creates the compressor for `compression`: none; zlib at level -1..9 with
// one thread (ZlibCompressor) or several, or with the libdeflate engine
// (ParallelZlibCompressor); lz4 at
// level 0..12 (Lz4Compressor); or zstd (ZstdCompressor). Returns
// errc::invalid_argument for a level outside the algorithm's range and
// errc::unsupported_compression for an unknown algorithm byte.
std::error_code make_stream_compressor(const Compression& compression, ByteSink sink,
                                       std::unique_ptr<StreamCompressor>& out,
                                       protocol::Diagnostics& diagnostics);

}  // namespace wiredump::dumpfmt
