#pragma once

#include "io/transport.hpp"

#include <asio.hpp>

#include <type_traits>

namespace wiredump::io {

// Runs context until the operation started on socket sets completed or the
// deadline passes. On timeout it cancels the operation, waits for its handler
// and sets error to std::errc::timed_out.
template <typename Socket>
void wait_until_deadline(asio::io_context& context, Socket& socket, std::chrono::steady_clock::time_point deadline,
                         const bool& completed, std::error_code& error) {
    context.restart();
    context.run_until(deadline);
    if (completed) return;

    std::error_code ignored;
    socket.cancel(ignored);
    context.restart();
    context.run();
    error = std::make_error_code(std::errc::timed_out);
}

// A Transport over a connected Asio stream socket: asio::ip::tcp::socket or
// asio::local::stream_protocol::socket. Without a deadline it uses Asio's
// blocking calls; with one it runs the asynchronous calls on context.
template <typename Socket>
class SocketTransport final : public Transport {
public:
    SocketTransport(asio::io_context& context, Socket socket) : context_(context), socket_(std::move(socket)) {}
    ~SocketTransport() override { close(); }

    std::size_t read_some(std::span<std::uint8_t> space, std::error_code& error) override {
        const auto buffer = asio::buffer(space.data(), space.size());
        std::size_t count = 0;
        if (deadline_) {
            bool completed = false;
            socket_.async_read_some(buffer, [&](std::error_code result, std::size_t transferred) {
                error = result;
                count = transferred;
                completed = true;
            });
            wait_until_deadline(context_, socket_, *deadline_, completed, error);
        } else {
            count = socket_.read_some(buffer, error);
        }

        if (error == asio::error::eof) {
            error.clear();
            return 0;
        }
        return count;
    }

    void write_all(std::span<const std::uint8_t> bytes, std::error_code& error) override {
        const auto buffer = asio::buffer(bytes.data(), bytes.size());
        if (!deadline_) {
            asio::write(socket_, buffer, error);
            return;
        }

        bool completed = false;
        asio::async_write(socket_, buffer, [&](std::error_code result, std::size_t) {
            error = result;
            completed = true;
        });
        wait_until_deadline(context_, socket_, *deadline_, completed, error);
    }

    void set_deadline(Deadline deadline) override { deadline_ = deadline; }

    void close() override {
        std::error_code ignored;
        socket_.shutdown(asio::socket_base::shutdown_both, ignored);
        socket_.close(ignored);
    }

    bool peer_is_local() const override {
        if constexpr (std::is_same_v<Socket, asio::local::stream_protocol::socket>) {
            return true;
        } else {
            std::error_code error;
            const auto address = socket_.remote_endpoint(error).address();
            if (error) return false;
            if (address.is_v6() && address.to_v6().is_v4_mapped()) {
                return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).is_loopback();
            }
            return address.is_loopback();
        }
    }

private:
    asio::io_context& context_;
    Socket socket_;
    Deadline deadline_;
};

}  // namespace wiredump::io
