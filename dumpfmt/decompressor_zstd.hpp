#pragma once

#include "dumpfmt/stream_decompressor.hpp"

#include <zstd.h>

#include <vector>

namespace wiredump::dumpfmt {

// Decompresses one zstd frame per member, the layout of zstd data in 1.15 and
// later archives. Bytes after the end of the frame are rejected, and a frame
// that has not ended at finish() is reported as incomplete.
// NOTE: checked only against frames made by libzstd in the unit tests, because
// no pg_dump 16 or later was available to make real zstd archives.
class ZstdDecompressor final : public StreamDecompressor {
public:
    explicit ZstdDecompressor(ByteSink sink);
    ~ZstdDecompressor() override;

    ZstdDecompressor(const ZstdDecompressor&) = delete;
    ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

    std::error_code init();

    std::error_code write(std::span<const std::uint8_t> chunk, protocol::Diagnostics& diagnostics) override;
    std::error_code finish(protocol::Diagnostics& diagnostics) override;

private:
    ByteSink sink_;
    ZSTD_DStream* stream_ = nullptr;
    bool ended_ = false;
    bool started_ = false;
    std::uint64_t compressed_bytes_ = 0;
    std::vector<std::uint8_t> output_;
};

}  // namespace wiredump::dumpfmt
