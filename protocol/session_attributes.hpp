#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wiredump::protocol {

// libpq's target_session_attrs (PostgreSQL 14 and later values).
enum class TargetSessionAttrs { any, read_write, read_only, primary, standby, prefer_standby };

// Parses "any", "read-write", "read-only", "primary", "standby" or
// "prefer-standby". Returns nothing for any other text.
std::optional<TargetSessionAttrs> parse_target_session_attrs(std::string_view text);

// The decision on a new session, for target_session_attrs.
struct SessionCheck {
    enum class Outcome { accept, reject, ask_server };
    Outcome outcome = Outcome::accept;
    // For ask_server: a query returning one row with one column, whose value
    // goes to check_session_answer().
    std::string query;
    // For reject: libpq's reason, such as "session is read-only".
    std::string reason;
};

// Decides from the ParameterStatus values the server reported at login, as
// libpq 14 and later do. Servers 14 and later report in_hot_standby and
// default_transaction_read_only, so no query is needed. Older servers get
// "SHOW transaction_read_only" for read-write and read-only, and
// "SELECT pg_catalog.pg_is_in_recovery()" for primary and standby.
// prefer_standby is checked as standby; the caller retries the hosts with
// any when no standby was found.
SessionCheck check_session(TargetSessionAttrs target,
                           const std::map<std::string, std::string, std::less<>>& parameters);

// Decides from the value SessionCheck::query returned: "on"/"off" for
// transaction_read_only, "t"/"f" for pg_is_in_recovery().
SessionCheck check_session_answer(TargetSessionAttrs target, std::string_view value);

}  // namespace wiredump::protocol
