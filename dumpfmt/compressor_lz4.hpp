#pragma once

#include "dumpfmt/stream_compressor.hpp"

#include <lz4frame.h>

#include <vector>

namespace wiredump::dumpfmt {

// Writes one LZ4 frame per member through the LZ4F API, as pg_dump 16 and
// later do: the frame header from LZ4F_compressBegin, the blocks from
// LZ4F_compressUpdate, and the end mark from LZ4F_compressEnd. The frame uses
// liblz4's default preferences apart from the level, as pg_dump's does, so
// pg_restore's LZ4F_decompress loop reads it. It compresses on the caller's
// thread.
class Lz4Compressor final : public StreamCompressor {
public:
    Lz4Compressor(ByteSink sink, int level);
    ~Lz4Compressor() override;

    Lz4Compressor(const Lz4Compressor&) = delete;
    Lz4Compressor& operator=(const Lz4Compressor&) = delete;

    // Creates the context and the frame header, which goes to the sink with
    // the first write() or finish().
    // Returns errc::compression_failed with the liblz4 error in diagnostics.
    std::error_code init(protocol::Diagnostics& diagnostics);

    std::error_code write(std::span<const std::uint8_t> input) override;
    std::error_code finish() override;

private:
    std::error_code send_output(std::size_t size);
    std::error_code send_pending_header();

    ByteSink sink_;
    LZ4F_preferences_t preferences_{};
    LZ4F_cctx* context_ = nullptr;
    bool finished_ = false;
    std::vector<std::uint8_t> output_;
    std::vector<std::uint8_t> pending_header_;  // at most LZ4F_HEADER_SIZE_MAX bytes
};

}  // namespace wiredump::dumpfmt
