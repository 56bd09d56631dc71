#include "dumpfmt/decompressor_zstd.hpp"

#include "dumpfmt/errc.hpp"

namespace wiredump::dumpfmt {

ZstdDecompressor::ZstdDecompressor(ByteSink sink)
    : sink_(std::move(sink)), output_(ZSTD_DStreamOutSize()) {}

ZstdDecompressor::~ZstdDecompressor() {
    ZSTD_freeDStream(stream_);
}

std::error_code ZstdDecompressor::init() {
    stream_ = ZSTD_createDStream();
    if (stream_ == nullptr || ZSTD_isError(ZSTD_initDStream(stream_))) {
        return errc::decompression_failed;
    }
    return {};
}

std::error_code ZstdDecompressor::write(std::span<const std::uint8_t> chunk, protocol::Diagnostics& diagnostics) {
    if (stream_ == nullptr) {
        return errc::writer_state;
    }

    ZSTD_inBuffer input{chunk.data(), chunk.size(), 0};
    while (input.pos < input.size) {
        if (ended_) {
            diagnostics.set_client_message("the member has " + std::to_string(input.size - input.pos) +
                                           " more bytes after its zstd frame ended at compressed byte " +
                                           std::to_string(compressed_bytes_));
            return errc::trailing_bytes_in_stream;
        }

        ZSTD_outBuffer output{output_.data(), output_.size(), 0};
        const std::size_t before = input.pos;
        const std::size_t result = ZSTD_decompressStream(stream_, &output, &input);
        compressed_bytes_ += input.pos - before;
        started_ = true;
        if (ZSTD_isError(result)) {
            diagnostics.set_client_message("zstd decompression failed at compressed byte " +
                                           std::to_string(compressed_bytes_) + " of the member: " +
                                           ZSTD_getErrorName(result));
            return errc::decompression_failed;
        }

        if (output.pos > 0) {
            if (auto error = sink_(std::span<const std::uint8_t>(output_.data(), output.pos))) {
                return error;
            }
        }
        // A return value of 0 means the frame is complete and fully flushed.
        if (result == 0) {
            ended_ = true;
        }
    }
    return {};
}

std::error_code ZstdDecompressor::finish(protocol::Diagnostics& diagnostics) {
    if (ended_) {
        return {};
    }

    // Output that zstd holds back until more output space is offered.
    while (started_) {
        ZSTD_inBuffer input{nullptr, 0, 0};
        ZSTD_outBuffer output{output_.data(), output_.size(), 0};
        const std::size_t result = ZSTD_decompressStream(stream_, &output, &input);
        if (ZSTD_isError(result) || output.pos == 0) {
            break;
        }
        if (auto error = sink_(std::span<const std::uint8_t>(output_.data(), output.pos))) {
            return error;
        }
        if (result == 0) {
            return {};
        }
    }

    diagnostics.set_client_message("the member's zstd frame has no end after " +
                                   std::to_string(compressed_bytes_) + " compressed bytes");
    return errc::incomplete_stream;
}

}  // namespace wiredump::dumpfmt
