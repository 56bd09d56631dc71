#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>

namespace wiredump::io {

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

// A connected byte stream to the server. The TCP and unix-socket
// implementations wrap an Asio socket, and a TLS stream can implement the same
// calls over a TCP transport. All calls block, at most until the deadline when
// one is set.
class Transport {
public:
    virtual ~Transport() = default;

    // Reads at least one byte into space and returns the count. The end of the
    // stream is reported as 0 bytes with no error.
    virtual std::size_t read_some(std::span<std::uint8_t> space, std::error_code& error) = 0;

    // Writes all of bytes, or fails with error.
    virtual void write_all(std::span<const std::uint8_t> bytes, std::error_code& error) = 0;

    // Makes later reads and writes fail with std::errc::timed_out once the
    // deadline has passed; std::nullopt waits without limit. After a timeout
    // the stream is in an unknown state and must be closed.
    virtual void set_deadline(Deadline deadline) = 0;

    // Closes the stream without any goodbye message; safe to call more than once.
    virtual void close() = 0;

    // True when the stream is encrypted. The plain socket transports return
    // false; a TLS transport overrides this, which turns off the warning
    // about passwords sent in the clear.
    virtual bool encrypted() const { return false; }

    // True when the peer is on this machine: a unix socket, or TCP to a
    // loopback address (127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104).
    virtual bool peer_is_local() const { return false; }
};

}  // namespace wiredump::io
