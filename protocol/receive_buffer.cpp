#include "protocol/receive_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace wiredump::protocol {

std::span<std::uint8_t> ReceiveBuffer::prepare(std::size_t min_free) {
    if (storage_.size() - end_ < min_free && begin_ > 0) {
        const std::size_t unread = end_ - begin_;
        std::memmove(storage_.data(), storage_.data() + begin_, unread);
        begin_ = 0;
        end_ = unread;
    }

    if (storage_.size() - end_ < min_free) {
        // Doubling keeps the number of reallocations logarithmic in the size
        // of the largest message.
        storage_.resize(std::max(storage_.size() * 2, end_ + min_free));
    }

    // Reads may fill all free space, not only min_free bytes, so fewer
    // system calls are needed.
    return std::span<std::uint8_t>(storage_).subspan(end_);
}

void ReceiveBuffer::consume(std::size_t count) {
    begin_ += std::min(count, end_ - begin_);
    if (begin_ == end_) {
        begin_ = 0;
        end_ = 0;
    }
}

}  // namespace wiredump::protocol
