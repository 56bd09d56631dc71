#pragma once

#include "io/cancel_request.hpp"
#include "io/connect_params.hpp"
#include "protocol/diagnostics.hpp"
#include "protocol/query_result.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace wiredump::io {

struct TlsOutcome;

// Receives the CopyData payloads of a COPY TO STDOUT, in order. A payload
// larger than the receive buffer (64 KiB unless an earlier message grew it)
// comes in several pieces as its bytes arrive. payload_end is true on the
// call that completes a payload. The span is valid only during the call.
// Returning an error stops the COPY.
using CopyDataSink = std::function<std::error_code(std::span<const std::uint8_t> piece, bool payload_end)>;

// Receives each NoticeResponse, for logging.
using NoticeHandler = std::function<void(const protocol::ServerError&)>;

// Called just before a cleartext ("password") or MD5 ("md5") password
// response goes to a server over an unencrypted stream that leaves the
// machine (not a unix socket, not a loopback address).
using ExposedPasswordHandler = std::function<void(std::string_view method, const ConnectParams& server)>;

// A blocking PostgreSQL connection: the Asio driver around the sans-I/O
// protocol state machines. Every call reports failure through its return value
// and fills diagnostics with what the server sent (a server error) or with
// wiredump's own description of the failure.
class Connection {
public:
    Connection();
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Connects to the first host of params.host_list (or params itself) that
    // accepts the login and matches params.target_session_attrs, as libpq
    // does, with TLS as params.tls sets it. For sslmode allow and prefer each
    // host may take two connection attempts, as in libpq. When every host
    // fails, diagnostics lists each host's failure and the error is the last
    // host's.
    std::error_code connect(const ConnectParams& params, protocol::Diagnostics& diagnostics);

    // Runs a simple query and stores its rows in result. When sql contains
    // several statements, result describes the last one.
    std::error_code query(std::string_view sql, protocol::QueryResult& result,
                          protocol::Diagnostics& diagnostics);

    // Runs a statement and ignores its rows.
    std::error_code execute(std::string_view sql, protocol::Diagnostics& diagnostics);

    // Runs "COPY ... TO STDOUT" and hands every CopyData payload to sink. When
    // sink returns an error, the copy stops with that error and the connection
    // is unusable, because the protocol cannot stop a COPY OUT midway: close it
    // and connect again.
    std::error_code copy_out(std::string_view sql, const CopyDataSink& sink,
                             protocol::Diagnostics& diagnostics);

    void set_notice_handler(NoticeHandler handler);
    void set_exposed_password_handler(ExposedPasswordHandler handler);

    // A ParameterStatus value reported by the server, or "" when not reported.
    std::string parameter(std::string_view name) const;
    // server_version_num as an integer, for example 150018.
    int server_version_num() const;
    // Process id from BackendKeyData.
    std::int32_t backend_pid() const;
    // The server of the session and its BackendKeyData, for CancelRequest.
    CancelTarget cancel_target() const;
    // The protocol version in use: protocol::protocol_version_3_0 or _3_2.
    std::int32_t protocol_version() const;
    // True while the session runs over TLS.
    bool encrypted() const;

    // Sends Terminate and closes the socket. Safe to call more than once.
    void close();

private:
    std::error_code connect_host(const ConnectParams& params, protocol::Diagnostics& diagnostics);
    std::error_code connect_once(const ConnectParams& params, bool try_tls, TlsOutcome& outcome,
                                 bool& authenticated, protocol::Diagnostics& diagnostics);
    std::error_code check_session_attributes(protocol::TargetSessionAttrs target,
                                             protocol::Diagnostics& diagnostics);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wiredump::io
