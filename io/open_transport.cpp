#include "io/open_transport.hpp"

#include "io/socket_transport.hpp"
#include "io/tcp_options.hpp"

#include <sys/un.h>

#include <algorithm>

namespace wiredump::io {
namespace {

constexpr std::string_view tcp_hint = "\n\tIs the server running on that host and accepting TCP/IP connections?";
constexpr std::string_view socket_hint = "\n\tIs the server running locally and accepting connections on that socket?";

// Connects socket to endpoint, giving up at connect_deadline(params).
template <typename Socket, typename Endpoint>
void connect_socket(asio::io_context& context, Socket& socket, const Endpoint& endpoint, const ConnectParams& params,
                    std::error_code& error) {
    const Deadline deadline = connect_deadline(params);
    if (!deadline) {
        socket.connect(endpoint, error);
        return;
    }

    bool completed = false;
    socket.async_connect(endpoint, [&](std::error_code result) {
        error = result;
        completed = true;
    });
    wait_until_deadline(context, socket, *deadline, completed, error);
}

std::unique_ptr<Transport> open_unix_socket(asio::io_context& context, const ConnectParams& params,
                                            protocol::Diagnostics& diagnostics, std::error_code& error) {
    const std::string path = unix_socket_path(params);

    // sun_path must also hold the terminating NUL.
    constexpr std::size_t max_path_length = sizeof(sockaddr_un::sun_path) - 1;
    if (path.size() > max_path_length) {
        error = std::make_error_code(std::errc::filename_too_long);
        diagnostics.set_client_message("unix socket path \"" + path + "\" is " + std::to_string(path.size()) +
                                       " bytes long, and the maximum is " + std::to_string(max_path_length) +
                                       "; use a shorter socket directory");
        return nullptr;
    }

    asio::local::stream_protocol::socket socket(context);
    connect_socket(context, socket, asio::local::stream_protocol::endpoint(path), params, error);
    if (error) {
        diagnostics.set_client_message("connection to " + describe_server(params, "") + " failed: " +
                                       error.message() + std::string(socket_hint));
        return nullptr;
    }
    return std::make_unique<SocketTransport<asio::local::stream_protocol::socket>>(context, std::move(socket));
}

// Returns the addresses to try: hostaddr alone when given, else the resolver's result for host.
std::vector<asio::ip::tcp::endpoint> find_endpoints(asio::io_context& context, const ConnectParams& params,
                                                    protocol::Diagnostics& diagnostics, std::error_code& error) {
    std::vector<asio::ip::tcp::endpoint> endpoints;

    if (!params.hostaddr.empty()) {
        const asio::ip::address address = asio::ip::make_address(params.hostaddr, error);
        if (error) {
            diagnostics.set_client_message("could not parse network address \"" + params.hostaddr +
                                           "\": " + error.message() + "; hostaddr must be an IPv4 or IPv6 address");
            return endpoints;
        }
        endpoints.emplace_back(address, params.port);
        return endpoints;
    }

    asio::ip::tcp::resolver resolver(context);
    const auto results = resolver.resolve(params.host, std::to_string(params.port),
                                          asio::ip::resolver_base::numeric_service, error);
    if (error) {
        diagnostics.set_client_message("could not translate host name \"" + params.host +
                                       "\" to address: " + error.message());
        return endpoints;
    }
    for (const auto& entry : results) endpoints.push_back(entry.endpoint());
    return endpoints;
}

std::unique_ptr<Transport> open_tcp_socket(asio::io_context& context, const ConnectParams& params,
                                           protocol::Diagnostics& diagnostics, std::error_code& error) {
    const std::vector<asio::ip::tcp::endpoint> endpoints = find_endpoints(context, params, diagnostics, error);
    if (error) return nullptr;

    std::string failures;
    std::error_code first_error;
    for (const auto& endpoint : endpoints) {
        asio::ip::tcp::socket socket(context);
        std::error_code attempt_error;
        connect_socket(context, socket, endpoint, params, attempt_error);

        std::string failed_option;
        if (!attempt_error) attempt_error = apply_tcp_options(socket.native_handle(), params.tcp, failed_option);
        if (!attempt_error) {
            error.clear();
            return std::make_unique<SocketTransport<asio::ip::tcp::socket>>(context, std::move(socket));
        }
        if (!failed_option.empty()) {
            error = attempt_error;
            diagnostics.set_client_message("could not set socket option " + failed_option + " on the connection to " +
                                           describe_server(params, endpoint.address().to_string()) + ": " +
                                           attempt_error.message() + "; remove the setting or change its value");
            return nullptr;
        }

        if (!first_error) first_error = attempt_error;
        if (!failures.empty()) failures += '\n';
        failures += "connection to " + describe_server(params, endpoint.address().to_string()) +
                    " failed: " + attempt_error.message() + std::string(tcp_hint);
    }

    if (endpoints.empty()) {
        first_error = std::make_error_code(std::errc::address_not_available);
        failures = "could not translate host name \"" + params.host + "\" to address: the resolver returned no address";
    }
    error = first_error;
    diagnostics.set_client_message(std::move(failures));
    return nullptr;
}

}  // namespace

Deadline connect_deadline(const ConnectParams& params) {
    if (params.connect_timeout_seconds <= 0) return std::nullopt;

    const int seconds = std::max(params.connect_timeout_seconds, 2);
    return std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

std::string unix_socket_path(const ConnectParams& params) {
    std::string path = params.host;
    if (!path.empty() && path.back() == '/') path.pop_back();
    return path + "/.s.PGSQL." + std::to_string(params.port);
}

std::string describe_server(const ConnectParams& params, const std::string& address) {
    if (params.hostaddr.empty() && params.is_unix_socket()) {
        return "server on socket \"" + unix_socket_path(params) + "\"";
    }

    const std::string& host = params.host.empty() ? params.hostaddr : params.host;
    std::string text = "server at \"" + host + "\"";
    if (!address.empty() && address != host) text += " (" + address + ")";
    return text + ", port " + std::to_string(params.port);
}

std::unique_ptr<Transport> open_transport(asio::io_context& context, const ConnectParams& params,
                                          protocol::Diagnostics& diagnostics, std::error_code& error) {
    error.clear();
    if (params.hostaddr.empty() && params.is_unix_socket()) {
        return open_unix_socket(context, params, diagnostics, error);
    }
    if (params.hostaddr.empty() && params.host.empty()) {
        ConnectParams with_default_socket = params;
        with_default_socket.host = ConnectParams{}.host;
        return open_unix_socket(context, with_default_socket, diagnostics, error);
    }
    return open_tcp_socket(context, params, diagnostics, error);
}

}  // namespace wiredump::io
