#include "dumpfmt/stream_compressor.hpp"

#include "dumpfmt/compressor_none.hpp"
#include "dumpfmt/compressor_zlib.hpp"
#include "dumpfmt/compressor_zlib_parallel.hpp"
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
        if (compression.threads > 1) {
            out = std::make_unique<ParallelZlibCompressor>(std::move(sink), compression.level, compression.threads);
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

    case CompressionAlgorithm::lz4:
    case CompressionAlgorithm::zstd:
        break;
    }

    diagnostics.set_client_message("compression algorithm " +
                                   std::to_string(static_cast<int>(compression.algorithm)) +
                                   " is not supported for writing: use none or zlib");
    return errc::unsupported_compression;
}

}  // namespace wiredump::dumpfmt
