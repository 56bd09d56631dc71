#include "dumpfmt/compressor_zlib.hpp"

#include "dumpfmt/errc.hpp"

#include <algorithm>
#include <climits>

namespace wiredump::dumpfmt {

ZlibCompressor::ZlibCompressor(ByteSink sink, int level)
    : sink_(std::move(sink)), level_(level), output_(max_chunk_size) {}

ZlibCompressor::~ZlibCompressor() {
    if (initialized_) {
        deflateEnd(&stream_);
    }
}

std::error_code ZlibCompressor::init() {
    if (deflateInit(&stream_, level_) != Z_OK) {
        return errc::compression_failed;
    }
    initialized_ = true;
    stream_.next_out = output_.data();
    stream_.avail_out = static_cast<uInt>(output_.size());
    return {};
}

std::error_code ZlibCompressor::deflate_input(std::span<const std::uint8_t> input, int flush) {
    while (true) {
        // zlib counts input in uInt, so very large spans go in pieces.
        const std::size_t piece = std::min<std::size_t>(input.size(), UINT_MAX / 2);
        stream_.next_in = const_cast<Bytef*>(input.data());
        stream_.avail_in = static_cast<uInt>(piece);
        const bool last_piece = piece == input.size();
        const int mode = last_piece ? flush : Z_NO_FLUSH;

        int result = Z_OK;
        do {
            result = deflate(&stream_, mode);
            if (result == Z_STREAM_ERROR) {
                return errc::compression_failed;
            }
            if (stream_.avail_out == 0) {
                if (auto error = sink_(output_)) {
                    return error;
                }
                stream_.next_out = output_.data();
                stream_.avail_out = static_cast<uInt>(output_.size());
            }
        } while (stream_.avail_in > 0 || (mode == Z_FINISH && result != Z_STREAM_END));

        input = input.subspan(piece);
        if (last_piece) {
            return {};
        }
    }
}

std::error_code ZlibCompressor::write(std::span<const std::uint8_t> input) {
    if (!initialized_ || finished_) {
        return errc::writer_state;
    }
    if (input.empty()) {
        return {};
    }
    return deflate_input(input, Z_NO_FLUSH);
}

std::error_code ZlibCompressor::finish() {
    if (!initialized_ || finished_) {
        return errc::writer_state;
    }
    finished_ = true;

    if (auto error = deflate_input({}, Z_FINISH)) {
        return error;
    }

    const std::size_t pending = output_.size() - stream_.avail_out;
    if (pending == 0) {
        return {};
    }
    return sink_(std::span<const std::uint8_t>(output_.data(), pending));
}

}  // namespace wiredump::dumpfmt
