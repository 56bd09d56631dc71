#pragma once

#include "io/tls_settings.hpp"
#include "protocol/frontend_message.hpp"
#include "protocol/session_attributes.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::io {

struct TcpOptions {
    bool keepalives = true;
    int keepalives_idle_seconds = 0;
    int keepalives_interval_seconds = 0;
    int keepalives_count = 0;
    int user_timeout_milliseconds = 0;
};

// One entry of a host list.
struct HostTarget {
    std::string host;
    std::string hostaddr;
    unsigned short port = 5432;
    std::optional<std::string> password;
};

// Everything needed to open one connection, after conninfo strings, URIs,
// PG* environment variables, defaults and .pgpass have been merged.
struct ConnectParams {
    // A host name, an IP literal, or an absolute directory holding the unix
    // socket ".s.PGSQL.<port>".
    std::string host = "/var/run/postgresql";
    // A host address to connect to instead of resolving host (libpq's hostaddr).
    std::string hostaddr;
    unsigned short port = 5432;
    std::string user;
    std::string dbname;
    std::optional<std::string> password;
    std::string application_name = "wiredump";
    // Extra startup parameters, for example from "options".
    std::map<std::string, std::string> startup_parameters;
    // Seconds; 0 waits without limit.
    int connect_timeout_seconds = 0;
    TlsSettings tls;

    // TCP settings, as libpq's keepalives, keepalives_idle,
    // keepalives_interval, keepalives_count and tcp_user_timeout. A value of
    // 0 leaves the operating system's default.
    TcpOptions tcp;

    // The hosts of a host list ("host=a,b port=1,2"), tried in order until
    // one accepts the login and passes target_session_attrs. Each entry
    // replaces host, hostaddr, port and password above. When the list is
    // empty, only the host above is tried.
    std::vector<HostTarget> host_list;
    protocol::TargetSessionAttrs target_session_attrs = protocol::TargetSessionAttrs::any;
    // load_balance_hosts=random: try host_list in a random order.
    bool random_host_order = false;

    // min_protocol_version and max_protocol_version.
    std::int32_t min_protocol_version = protocol::protocol_version_3_0;
    std::int32_t max_protocol_version = protocol::protocol_version_3_0;

    bool is_unix_socket() const { return !host.empty() && host.front() == '/'; }
};

}  // namespace wiredump::io
