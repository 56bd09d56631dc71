#pragma once

#include "dumpfmt/stream_decompressor.hpp"

#include <zlib.h>

#include <vector>

namespace wiredump::dumpfmt {

// Inflates one zlib stream and rejects what makes pg_restore hang: any byte
// after the end of the stream, including a second stream. A member whose
// stream has not ended at finish() is reported as incomplete.
class ZlibDecompressor final : public StreamDecompressor {
public:
    explicit ZlibDecompressor(ByteSink sink);
    ~ZlibDecompressor() override;

    ZlibDecompressor(const ZlibDecompressor&) = delete;
    ZlibDecompressor& operator=(const ZlibDecompressor&) = delete;

    std::error_code init();

    std::error_code write(std::span<const std::uint8_t> chunk, protocol::Diagnostics& diagnostics) override;
    std::error_code finish(protocol::Diagnostics& diagnostics) override;

private:
    ByteSink sink_;
    z_stream stream_{};
    bool initialized_ = false;
    bool ended_ = false;
    std::uint64_t compressed_bytes_ = 0;
    std::vector<std::uint8_t> output_;
};

}  // namespace wiredump::dumpfmt
