#include "dumpfmt/compressor_lz4.hpp"

#include "dumpfmt/errc.hpp"

#include <algorithm>
#include <string>

namespace wiredump::dumpfmt {
namespace {

// Input bytes passed to one LZ4F_compressUpdate call. The output buffer is
// sized for this with LZ4F_compressBound, which includes a block that
// liblz4 still buffers from earlier calls.
constexpr std::size_t input_piece_size = 64 * 1024;

}  // namespace

Lz4Compressor::Lz4Compressor(ByteSink sink, int level) : sink_(std::move(sink)) {
    preferences_.compressionLevel = level;
}

Lz4Compressor::~Lz4Compressor() {
    LZ4F_freeCompressionContext(context_);
}

std::error_code Lz4Compressor::init(protocol::Diagnostics& diagnostics) {
    const std::size_t created = LZ4F_createCompressionContext(&context_, LZ4F_VERSION);
    if (LZ4F_isError(created)) {
        diagnostics.set_client_message(std::string("could not create an lz4 compression context: ") +
                                       LZ4F_getErrorName(created));
        return errc::compression_failed;
    }

    output_.resize(std::max<std::size_t>(LZ4F_compressBound(input_piece_size, &preferences_), LZ4F_HEADER_SIZE_MAX));
    const std::size_t header_size = LZ4F_compressBegin(context_, output_.data(), output_.size(), &preferences_);
    if (LZ4F_isError(header_size)) {
        diagnostics.set_client_message(std::string("could not start an lz4 frame at level ") +
                                       std::to_string(preferences_.compressionLevel) + ": " +
                                       LZ4F_getErrorName(header_size));
        return errc::compression_failed;
    }
    // The header waits for the first write or finish, because the caller
    // may create the compressor before it writes the block header.
    pending_header_.assign(output_.begin(), output_.begin() + static_cast<std::ptrdiff_t>(header_size));
    return {};
}

std::error_code Lz4Compressor::send_pending_header() {
    if (pending_header_.empty()) {
        return {};
    }
    std::error_code error = sink_(pending_header_);
    pending_header_.clear();
    return error;
}

// Passes the first `size` output bytes to the sink in pieces of at most
// max_chunk_size, the largest piece a StreamCompressor may pass.
std::error_code Lz4Compressor::send_output(std::size_t size) {
    std::span<const std::uint8_t> pending(output_.data(), size);
    while (!pending.empty()) {
        const std::size_t piece = std::min(pending.size(), max_chunk_size);
        if (auto error = sink_(pending.first(piece))) {
            return error;
        }
        pending = pending.subspan(piece);
    }
    return {};
}

std::error_code Lz4Compressor::write(std::span<const std::uint8_t> input) {
    if (context_ == nullptr || finished_) {
        return errc::writer_state;
    }
    if (auto error = send_pending_header()) {
        return error;
    }
    while (!input.empty()) {
        const std::size_t piece = std::min(input.size(), input_piece_size);
        const std::size_t size =
            LZ4F_compressUpdate(context_, output_.data(), output_.size(), input.data(), piece, nullptr);
        if (LZ4F_isError(size)) {
            return errc::compression_failed;
        }
        if (auto error = send_output(size)) {
            return error;
        }
        input = input.subspan(piece);
    }
    return {};
}

std::error_code Lz4Compressor::finish() {
    if (context_ == nullptr || finished_) {
        return errc::writer_state;
    }
    finished_ = true;
    if (auto error = send_pending_header()) {
        return error;
    }
    const std::size_t size = LZ4F_compressEnd(context_, output_.data(), output_.size(), nullptr);
    if (LZ4F_isError(size)) {
        return errc::compression_failed;
    }
    return send_output(size);
}

}  // namespace wiredump::dumpfmt
