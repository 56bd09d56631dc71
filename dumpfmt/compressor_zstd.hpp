#pragma once

#include "dumpfmt/stream_compressor.hpp"
#include "dumpfmt/zstd_memory_limit.hpp"

#include <zstd.h>

#include <string>
#include <vector>

namespace wiredump::dumpfmt {

// Writes one zstd frame per member with ZSTD_compressStream2, as pg_dump 16
// and later do: ZSTD_e_continue for the data, then ZSTD_e_end. pg_restore's
// zstd reader ignores the rest of a chunk after the frame ends, so nothing may
// follow the frame.
//
// With more than one thread, libzstd compresses on its own worker threads
// (ZSTD_c_nbWorkers) while write() returns to the caller. The frame is still
// one ordinary frame that any zstd reader decodes.
//
// Memory: fit_zstd_memory() keeps the context, its workers and their jobs
// within zstd_memory_budget, with fewer workers than threads, or smaller
// tables and window than the level's, where the level needs more.
class ZstdCompressor final : public StreamCompressor {
public:
    ZstdCompressor(ByteSink sink, const Compression& compression);
    ~ZstdCompressor() override;

    ZstdCompressor(const ZstdCompressor&) = delete;
    ZstdCompressor& operator=(const ZstdCompressor&) = delete;

    // Creates the context and sets the level, long-distance mode and workers.
    // Returns errc::compression_failed with the libzstd error in diagnostics.
    std::error_code init(protocol::Diagnostics& diagnostics);

    std::error_code write(std::span<const std::uint8_t> input) override;
    std::error_code finish() override;

    // True when libzstd was built with multithreading, so threads above 1 are used.
    static bool supports_workers();

    // Returns the workers, window, chain and hash logs that init() sets for
    // compression, fitted to zstd_memory_budget.
    static ZstdLimits limits_for(const Compression& compression);

    // Describes what limits_for() gives up against the level's parameters and
    // the requested threads, for the verbose log, or returns "" for nothing.
    static std::string describe_limits(const Compression& compression);

private:
    // compression.threads, or 1 when libzstd has no worker threads.
    static unsigned usable_threads(const Compression& compression);

    std::error_code compress(ZSTD_inBuffer& input, ZSTD_EndDirective directive);

    ByteSink sink_;
    Compression compression_;
    ZSTD_CCtx* context_ = nullptr;
    bool finished_ = false;
    std::vector<std::uint8_t> output_;
};

}  // namespace wiredump::dumpfmt
