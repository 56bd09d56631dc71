#pragma once

#include "dumpfmt/stream_compressor.hpp"

#include <zlib.h>

#include <vector>

namespace wiredump::dumpfmt {

// Writes one zlib-wrapped (RFC 1950) deflate stream per member, the only form
// pg_restore's gzip reader accepts: it rejects raw deflate and gzip headers,
// and it loops forever on bytes after the stream's end.
class ZlibCompressor final : public StreamCompressor {
public:
    ZlibCompressor(ByteSink sink, int level);
    ~ZlibCompressor() override;

    ZlibCompressor(const ZlibCompressor&) = delete;
    ZlibCompressor& operator=(const ZlibCompressor&) = delete;

    // Returns errc::compression_failed when deflateInit failed.
    std::error_code init();

    std::error_code write(std::span<const std::uint8_t> input) override;
    std::error_code finish() override;

private:
    std::error_code deflate_input(std::span<const std::uint8_t> input, int flush);

    ByteSink sink_;
    int level_;
    z_stream stream_{};
    bool initialized_ = false;
    bool finished_ = false;
    std::vector<std::uint8_t> output_;
};

}  // namespace wiredump::dumpfmt
