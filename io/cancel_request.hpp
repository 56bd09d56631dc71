#pragma once

#include "io/connect_params.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <system_error>
#include <vector>

namespace wiredump::io {

// The destination of a CancelRequest: the server a session runs on and the
// key from its BackendKeyData.
struct CancelTarget {
    ConnectParams server;
    std::int32_t process_id = 0;
    std::vector<std::uint8_t> secret_key;
};

// Opens a new connection to target.server, sends CancelRequest and waits up
// to timeout_seconds for the server to close it. The server sends no reply
// to a CancelRequest, so success means only that it was delivered. The
// cancelled statement then fails with SQLSTATE 57014 on its own connection.
// NOTE: the host is resolved again, so a name whose addresses changed since
// the login may reach another server, which ignores the unknown key.
// NOTE: sent without TLS even when the session uses it, as PQcancel() in
// libpq sends it.
std::error_code send_cancel_request(const CancelTarget& target, int timeout_seconds,
                                    protocol::Diagnostics& diagnostics);

}  // namespace wiredump::io
