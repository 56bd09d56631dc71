#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wiredump::protocol {

// The connection a password is looked up for, with defaults already applied.
// The host may be a unix socket directory.
struct PgpassLookup {
    std::string host;
    std::string port;
    std::string dbname;
    std::string user;
};

// Finds the password of the first line of a password file
// (hostname:port:database:username:password) that matches `lookup`, with
// libpq's rules:
//  - Fields are split at unescaped ":", and "\:" or "\\" is a literal ":" or "\".
//  - A field that is exactly "*" matches any value.
//  - Empty lines and lines starting with "#" are skipped. A trailing "\r"
//    is removed from each line.
//  - An empty host, or a host equal to `default_socket_directory`, is
//    matched as "localhost". An empty port is matched as "5432".
//  - Nothing matches when dbname or user is empty.
// The password field ends at the next unescaped ":" if there is one.
std::optional<std::string> find_pgpass_password(std::string_view file_text, const PgpassLookup& lookup,
                                                std::string_view default_socket_directory);

}  // namespace wiredump::protocol
