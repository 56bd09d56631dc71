#pragma once

#include "dumpfmt/stream_decompressor.hpp"

#include <lz4frame.h>

#include <vector>

namespace wiredump::dumpfmt {

// Decompresses one LZ4 frame per member, the layout pg_dump 16 and later
// write for lz4 data (LZ4F_compressBegin, then LZ4F_compressUpdate per 4096
// input bytes, then LZ4F_compressEnd). pg_restore decodes frames one after
// another, but pg_dump never writes a second one, so bytes after the end of
// the frame are rejected like those after a zlib stream or a zstd frame.
class Lz4Decompressor final : public StreamDecompressor {
public:
    explicit Lz4Decompressor(ByteSink sink);
    ~Lz4Decompressor() override;

    Lz4Decompressor(const Lz4Decompressor&) = delete;
    Lz4Decompressor& operator=(const Lz4Decompressor&) = delete;

    std::error_code init();

    std::error_code write(std::span<const std::uint8_t> chunk, protocol::Diagnostics& diagnostics) override;
    std::error_code finish(protocol::Diagnostics& diagnostics) override;

private:
    ByteSink sink_;
    LZ4F_dctx* context_ = nullptr;
    bool ended_ = false;
    std::uint64_t compressed_bytes_ = 0;
    std::vector<std::uint8_t> output_;
};

}  // namespace wiredump::dumpfmt
