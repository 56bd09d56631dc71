#pragma once

#include "io/cancel_request.hpp"
#include "io/connect_params.hpp"
#include "io/connection.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wiredump::pipeline {

enum class LogLevel { debug, info, warning };

// Receives progress and warnings; cli/ decides what reaches stderr.
using LogSink = std::function<void(LogLevel, std::string_view)>;

struct DumpOptions {
    io::ConnectParams connection;
    // Archive path; empty writes the archive to standard output.
    std::string output_path;
    // zlib level 0..9; 0 writes the data uncompressed.
    int compression_level = 9;
    // Threads that compress each table's data and each large object. With 1,
    // the dump's only thread compresses. Above 1, a pool of this many threads
    // compresses blocks of one zlib stream while the dump thread reads COPY
    // output.
    unsigned compression_threads = 1;

    // Receives the session's cancel target once the login succeeded, and
    // nullptr before the connection closes; may be empty. cli/ keeps it for
    // the signal watcher, which sends a CancelRequest on SIGINT or SIGTERM.
    std::function<void(const io::CancelTarget*)> cancel_target_handler;
    // Returns true once the dump must stop, checked before each table and
    // before the archive is renamed into place; may be empty.
    std::function<bool()> stop_requested;
    // Passed on to io::Connection; may be empty.
    io::ExposedPasswordHandler exposed_password_handler;
};

}  // namespace wiredump::pipeline
