#pragma once

#include "io/tls_settings.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::io {

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

    bool is_unix_socket() const { return !host.empty() && host.front() == '/'; }
};

}  // namespace wiredump::io
