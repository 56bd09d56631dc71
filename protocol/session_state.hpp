#pragma once

#include "protocol/backend_message.hpp"
#include "protocol/diagnostics.hpp"
#include "protocol/frontend_message.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace wiredump::protocol {

// Receives each NoticeResponse, for logging.
using NoticeCallback = std::function<void(const ServerError&)>;

// The session facts the server has reported so far. Operations update them as
// ParameterStatus, BackendKeyData and ReadyForQuery arrive.
struct SessionState {
    std::map<std::string, std::string, std::less<>> parameters;  // from ParameterStatus
    BackendKeyData backend_key;
    // The version requested in the StartupMessage, lowered when the server
    // replies with NegotiateProtocolVersion.
    std::int32_t protocol_version = protocol_version_3_0;
    TransactionStatus transaction_status = TransactionStatus::idle;
    NoticeCallback notice_callback;  // may be empty
};

// Converts a server_version ParameterStatus value to the server_version_num
// form: "15.18 (Debian 15.18-0+deb12u1)" gives 150018, "9.6.24" gives 90624,
// "17beta1" gives 170000. Returns 0 when the text does not start with a version.
int parse_server_version_num(std::string_view server_version);

}  // namespace wiredump::protocol
