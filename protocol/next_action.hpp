#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>

namespace wiredump::protocol {

// The next request of a protocol operation to its I/O driver. The driver runs
// the action and resumes the operation with the outcome:
//   read:  read at least one byte into read_space(), then
//          resume(error, bytes_read);
//   write: write all of write_bytes(), then resume(error, 0);
//   done:  the operation has finished with error() (empty on success).
// Spans stay valid until the next resume().
class NextAction {
public:
    enum class Kind { read, write, done };

    static NextAction read(std::span<std::uint8_t> space) {
        NextAction action(Kind::read);
        action.read_space_ = space;
        return action;
    }

    static NextAction write(std::span<const std::uint8_t> bytes) {
        NextAction action(Kind::write);
        action.write_bytes_ = bytes;
        return action;
    }

    static NextAction done(std::error_code error) {
        NextAction action(Kind::done);
        action.error_ = error;
        return action;
    }

    Kind kind() const { return kind_; }
    bool is_done() const { return kind_ == Kind::done; }
    std::span<std::uint8_t> read_space() const { return read_space_; }
    std::span<const std::uint8_t> write_bytes() const { return write_bytes_; }
    std::error_code error() const { return error_; }

private:
    explicit NextAction(Kind kind) : kind_(kind) {}

    Kind kind_;
    std::span<std::uint8_t> read_space_;
    std::span<const std::uint8_t> write_bytes_;
    std::error_code error_;
};

}  // namespace wiredump::protocol
