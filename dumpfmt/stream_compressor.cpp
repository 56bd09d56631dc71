#include "dumpfmt/stream_compressor.hpp"

#include "dumpfmt/compressor_lz4.hpp"
#include "dumpfmt/compressor_none.hpp"
#include "dumpfmt/compressor_zlib.hpp"
#include "dumpfmt/compressor_zlib_parallel.hpp"
#include "dumpfmt/compressor_zstd.hpp"
#include "dumpfmt/errc.hpp"

namespace wiredump::dumpfmt {

std::error_code make_stream_compressor(const Compression& compression, ByteSink sink,
                                       std::unique_ptr<StreamCompressor>& out,
                                       protocol::Diagnostics& diagnostics) {
    switch (compression.algorithm) {
    case CompressionAlgorithm::none:
        out = std::make_unique<NoneCompressor>(std::move(sink));
        return {};

    case CompressionAlgorithm::gzip: {
        if (compression.level < -1 || compression.level > 9) {
            diagnostics.set_client_message("invalid zlib level " + std::to_string(compression.level) +
                                           ": use 0..9, or -1 for zlib's default");
            return errc::invalid_argument;
        }
        // libdeflate always runs in blocks, even on one thread.
        if (compression.threads > 1 || compression.deflate_engine == DeflateEngine::libdeflate) {
            out = std::make_unique<ParallelZlibCompressor>(std::move(sink), compression.level, compression.threads,
                                                           compression.deflate_engine);
            return {};
        }

        auto compressor = std::make_unique<ZlibCompressor>(std::move(sink), compression.level);
        if (auto error = compressor->init()) {
            diagnostics.set_client_message("zlib deflateInit failed at level " +
                                           std::to_string(compression.level));
            return error;
        }
        out = std::move(compressor);
        return {};
    }

    case CompressionAlgorithm::lz4: {
        if (compression.level < 0 || compression.level > 12) {
            diagnostics.set_client_message("invalid lz4 level " + std::to_string(compression.level) +
                                           ": use 0 (fast mode) to 12");
            return errc::invalid_argument;
        }
        auto compressor = std::make_unique<Lz4Compressor>(std::move(sink), compression.level);
        if (auto error = compressor->init(diagnostics)) {
            return error;
        }
        out = std::move(compressor);
        return {};
    }

    case CompressionAlgorithm::zstd: {
        if (compression.level < ZSTD_minCLevel() || compression.level > ZSTD_maxCLevel()) {
            diagnostics.set_client_message("invalid zstd level " + std::to_string(compression.level) + ": use " +
                                           std::to_string(ZSTD_minCLevel()) + " to " +
                                           std::to_string(ZSTD_maxCLevel()));
            return errc::invalid_argument;
        }
        auto compressor = std::make_unique<ZstdCompressor>(std::move(sink), compression);
        if (auto error = compressor->init(diagnostics)) {
            return error;
        }
        out = std::move(compressor);
        return {};
    }
    }

    diagnostics.set_client_message("compression algorithm byte " +
                                   std::to_string(static_cast<int>(compression.algorithm)) +
                                   " is unknown: use none (0), gzip (1), lz4 (2) or zstd (3)");
    return errc::unsupported_compression;
}

}  // namespace wiredump::dumpfmt
