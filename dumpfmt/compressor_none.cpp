#include "dumpfmt/compressor_none.hpp"

#include <algorithm>

namespace wiredump::dumpfmt {

NoneCompressor::NoneCompressor(ByteSink sink) : sink_(std::move(sink)) {
    buffer_.reserve(max_chunk_size);
}

std::error_code NoneCompressor::flush() {
    if (buffer_.empty()) {
        return {};
    }
    std::error_code error = sink_(buffer_);
    buffer_.clear();
    return error;
}

std::error_code NoneCompressor::write(std::span<const std::uint8_t> input) {
    while (!input.empty()) {
        // Full chunks go straight to the sink when nothing is buffered.
        if (buffer_.empty() && input.size() >= max_chunk_size) {
            if (auto error = sink_(input.first(max_chunk_size))) {
                return error;
            }
            input = input.subspan(max_chunk_size);
            continue;
        }

        const std::size_t count = std::min(input.size(), max_chunk_size - buffer_.size());
        buffer_.insert(buffer_.end(), input.begin(), input.begin() + static_cast<std::ptrdiff_t>(count));
        input = input.subspan(count);
        if (buffer_.size() == max_chunk_size) {
            if (auto error = flush()) {
                return error;
            }
        }
    }
    return {};
}

std::error_code NoneCompressor::finish() {
    return flush();
}

}  // namespace wiredump::dumpfmt
