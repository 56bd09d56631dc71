#include "dumpfmt/decompressor_lz4.hpp"

#include "dumpfmt/errc.hpp"

namespace wiredump::dumpfmt {
namespace {

// The size only sets how many LZ4F_decompress calls a block takes (LZ4
// blocks hold at most 4 MiB), not what can be decoded.
constexpr std::size_t output_buffer_size = 64 * 1024;

}  // namespace

Lz4Decompressor::Lz4Decompressor(ByteSink sink) : sink_(std::move(sink)), output_(output_buffer_size) {}

Lz4Decompressor::~Lz4Decompressor() {
    LZ4F_freeDecompressionContext(context_);
}

std::error_code Lz4Decompressor::init() {
    if (LZ4F_isError(LZ4F_createDecompressionContext(&context_, LZ4F_VERSION))) {
        context_ = nullptr;
        return errc::decompression_failed;
    }
    return {};
}

std::error_code Lz4Decompressor::write(std::span<const std::uint8_t> chunk, protocol::Diagnostics& diagnostics) {
    if (context_ == nullptr) {
        return errc::writer_state;
    }

    while (!chunk.empty()) {
        if (ended_) {
            diagnostics.set_client_message("the member has " + std::to_string(chunk.size()) +
                                           " more bytes after its LZ4 frame ended at compressed byte " +
                                           std::to_string(compressed_bytes_));
            return errc::trailing_bytes_in_stream;
        }

        std::size_t produced = output_.size();
        std::size_t consumed = chunk.size();
        const std::size_t result =
            LZ4F_decompress(context_, output_.data(), &produced, chunk.data(), &consumed, nullptr);
        compressed_bytes_ += consumed;
        chunk = chunk.subspan(consumed);
        if (LZ4F_isError(result)) {
            diagnostics.set_client_message("LZ4 decompression failed at compressed byte " +
                                           std::to_string(compressed_bytes_) + " of the member: " +
                                           LZ4F_getErrorName(result));
            return errc::decompression_failed;
        }

        if (produced > 0) {
            if (auto error = sink_(std::span<const std::uint8_t>(output_.data(), produced))) {
                return error;
            }
        }
        // A return value of 0 means the frame, with its end mark, is complete.
        if (result == 0) {
            ended_ = true;
        }
    }
    return {};
}

std::error_code Lz4Decompressor::finish(protocol::Diagnostics& diagnostics) {
    // LZ4F_decompress can hold decoded bytes back when the output buffer
    // fills, so drain it before deciding whether the frame ended.
    while (!ended_ && context_ != nullptr && compressed_bytes_ > 0) {
        std::size_t produced = output_.size();
        std::size_t consumed = 0;
        const std::size_t result = LZ4F_decompress(context_, output_.data(), &produced, nullptr, &consumed, nullptr);
        if (LZ4F_isError(result) || produced == 0) {
            break;
        }
        if (auto error = sink_(std::span<const std::uint8_t>(output_.data(), produced))) {
            return error;
        }
        ended_ = result == 0;
    }

    if (!ended_) {
        diagnostics.set_client_message("the member's LZ4 frame has no end after " +
                                       std::to_string(compressed_bytes_) + " compressed bytes");
        return errc::incomplete_stream;
    }
    return {};
}

}  // namespace wiredump::dumpfmt
