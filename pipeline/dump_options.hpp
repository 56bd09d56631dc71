#pragma once

#include "catalog/object_selection.hpp"
#include "ddl/content_options.hpp"
#include "io/connect_params.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wiredump::pipeline {

enum class LogLevel { debug, info, warning };

// Receives progress and warnings; cli/ decides what reaches stderr.
using LogSink = std::function<void(LogLevel, std::string_view)>;

// pg_dump's options that change the session rather than the archive's contents.
struct SessionOptions {
    std::string encoding;                // -E: client_encoding, "" keeps the server's default
    std::string role;                    // --role: SET ROLE after connecting
    std::string snapshot;                // --snapshot: an exported snapshot to dump from
    std::string lock_wait_timeout;       // --lock-wait-timeout: statement_timeout while locking
    bool serializable_deferrable = false;
    bool enable_row_security = false;
    bool quote_all_identifiers = false;
    // --include-foreign-data: the session may read foreign tables.
    bool reads_foreign_tables = false;
};

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
    SessionOptions session;
    catalog::SelectionPatterns selection;
    ddl::ContentOptions content;
};

}  // namespace wiredump::pipeline
