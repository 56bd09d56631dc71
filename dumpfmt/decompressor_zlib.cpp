#include "dumpfmt/decompressor_zlib.hpp"

#include "dumpfmt/errc.hpp"

#include <algorithm>
#include <climits>

namespace wiredump::dumpfmt {

ZlibDecompressor::ZlibDecompressor(ByteSink sink) : sink_(std::move(sink)), output_(max_chunk_size) {}

ZlibDecompressor::~ZlibDecompressor() {
    if (initialized_) {
        inflateEnd(&stream_);
    }
}

std::error_code ZlibDecompressor::init() {
    if (inflateInit(&stream_) != Z_OK) {
        return errc::decompression_failed;
    }
    initialized_ = true;
    return {};
}

std::error_code ZlibDecompressor::write(std::span<const std::uint8_t> chunk, protocol::Diagnostics& diagnostics) {
    if (!initialized_) {
        return errc::writer_state;
    }
    if (ended_ && !chunk.empty()) {
        diagnostics.set_client_message("the member has " + std::to_string(chunk.size()) +
                                       " more bytes after its zlib stream ended at compressed byte " +
                                       std::to_string(compressed_bytes_));
        return errc::trailing_bytes_in_stream;
    }

    while (!chunk.empty()) {
        const std::size_t piece = std::min<std::size_t>(chunk.size(), UINT_MAX / 2);
        stream_.next_in = const_cast<Bytef*>(chunk.data());
        stream_.avail_in = static_cast<uInt>(piece);

        // Inflate until zlib has taken all input and has no more output to give.
        int result = Z_OK;
        do {
            stream_.next_out = output_.data();
            stream_.avail_out = static_cast<uInt>(output_.size());
            result = inflate(&stream_, Z_NO_FLUSH);
            if (result != Z_OK && result != Z_STREAM_END && result != Z_BUF_ERROR) {
                diagnostics.set_client_message(std::string("zlib inflate failed at compressed byte ") +
                                               std::to_string(compressed_bytes_ + piece - stream_.avail_in) +
                                               " of the member: " + (stream_.msg ? stream_.msg : "no zlib message"));
                return errc::decompression_failed;
            }

            const std::size_t produced = output_.size() - stream_.avail_out;
            if (produced > 0) {
                if (auto error = sink_(std::span<const std::uint8_t>(output_.data(), produced))) {
                    return error;
                }
            }
        } while (result == Z_OK && (stream_.avail_in > 0 || stream_.avail_out == 0));

        const std::size_t used = piece - stream_.avail_in;
        compressed_bytes_ += used;
        chunk = chunk.subspan(used);

        if (result == Z_STREAM_END) {
            ended_ = true;
            if (!chunk.empty()) {
                diagnostics.set_client_message("the member has " + std::to_string(chunk.size()) +
                                               " more bytes after its zlib stream ended at compressed byte " +
                                               std::to_string(compressed_bytes_));
                return errc::trailing_bytes_in_stream;
            }
        } else if (used == 0 && !chunk.empty()) {
            // Z_BUF_ERROR with input left means zlib cannot progress.
            diagnostics.set_client_message("zlib made no progress at compressed byte " +
                                           std::to_string(compressed_bytes_) + " of the member");
            return errc::decompression_failed;
        }
    }
    return {};
}

std::error_code ZlibDecompressor::finish(protocol::Diagnostics& diagnostics) {
    if (!ended_) {
        diagnostics.set_client_message("the member's zlib stream has no end after " +
                                       std::to_string(compressed_bytes_) + " compressed bytes");
        return errc::incomplete_stream;
    }
    return {};
}

}  // namespace wiredump::dumpfmt
