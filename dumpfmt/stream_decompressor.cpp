#include "dumpfmt/stream_decompressor.hpp"

#include "dumpfmt/decompressor_lz4.hpp"
#include "dumpfmt/decompressor_zlib.hpp"
#include "dumpfmt/decompressor_zstd.hpp"
#include "dumpfmt/errc.hpp"

namespace wiredump::dumpfmt {
namespace {

// Uncompressed members: the chunks are the data.
class NoneDecompressor final : public StreamDecompressor {
public:
    explicit NoneDecompressor(ByteSink sink) : sink_(std::move(sink)) {}

    std::error_code write(std::span<const std::uint8_t> chunk, protocol::Diagnostics&) override {
        return chunk.empty() ? std::error_code() : sink_(chunk);
    }

    std::error_code finish(protocol::Diagnostics&) override { return {}; }

private:
    ByteSink sink_;
};

}  // namespace

std::error_code make_stream_decompressor(CompressionAlgorithm algorithm, ByteSink sink,
                                         std::unique_ptr<StreamDecompressor>& out,
                                         protocol::Diagnostics& diagnostics) {
    if (algorithm == CompressionAlgorithm::none) {
        out = std::make_unique<NoneDecompressor>(std::move(sink));
        return {};
    }

    if (algorithm == CompressionAlgorithm::gzip) {
        auto decompressor = std::make_unique<ZlibDecompressor>(std::move(sink));
        if (auto error = decompressor->init()) {
            diagnostics.set_client_message("zlib inflateInit failed");
            return error;
        }
        out = std::move(decompressor);
        return {};
    }

    if (algorithm == CompressionAlgorithm::zstd) {
        auto decompressor = std::make_unique<ZstdDecompressor>(std::move(sink));
        if (auto error = decompressor->init()) {
            diagnostics.set_client_message("zstd ZSTD_initDStream failed");
            return error;
        }
        out = std::move(decompressor);
        return {};
    }

    if (algorithm == CompressionAlgorithm::lz4) {
        auto decompressor = std::make_unique<Lz4Decompressor>(std::move(sink));
        if (auto error = decompressor->init()) {
            diagnostics.set_client_message("LZ4F_createDecompressionContext failed");
            return error;
        }
        out = std::move(decompressor);
        return {};
    }

    diagnostics.set_client_message("the archive's data uses compression algorithm " +
                                   std::to_string(static_cast<int>(algorithm)) +
                                   ", which is unknown: wiredump reads none (0), gzip (1), lz4 (2) and zstd (3)");
    return errc::unsupported_compression;
}

}  // namespace wiredump::dumpfmt
