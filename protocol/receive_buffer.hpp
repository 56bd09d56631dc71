#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wiredump::protocol {

// The bytes received from the server and not yet consumed. Reads go into the
// free space at the end; consumed messages leave from the front. The storage
// is reused: prepare() first moves the unread bytes to the front and grows the
// storage only when a single message does not fit.
//
// NOTE: one very large message (a DataRow of a huge value) grows the storage
// to its full size, and the storage never shrinks while the connection lives.
// CopyData during COPY TO STDOUT is the exception: CopyOutOperation takes a
// payload larger than the storage in pieces, so COPY never grows it.
class ReceiveBuffer {
public:
    explicit ReceiveBuffer(std::size_t initial_capacity = 64 * 1024) : storage_(initial_capacity) {}

    // The received bytes that have not been consumed.
    std::span<const std::uint8_t> data() const {
        return std::span<const std::uint8_t>(storage_).subspan(begin_, end_ - begin_);
    }

    // Returns free space of at least min_free bytes for the next read. Spans
    // from data() are invalid after this call.
    std::span<std::uint8_t> prepare(std::size_t min_free);

    // Marks count bytes of the prepared space as received.
    void commit(std::size_t count) { end_ += count; }

    // Drops count bytes from the front of data().
    void consume(std::size_t count);

    std::size_t capacity() const { return storage_.size(); }

private:
    std::vector<std::uint8_t> storage_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
};

}  // namespace wiredump::protocol
