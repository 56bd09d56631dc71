#pragma once

#include "catalog/object_selection.hpp"
#include "ddl/content_options.hpp"
#include "dumpfmt/header.hpp"
#include "io/cancel_request.hpp"
#include "io/connect_params.hpp"
#include "io/connection.hpp"
#include "pipeline/archive_output.hpp"
#include "pipeline/progress.hpp"

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
    // --extra-float-digits, -15 to 3. Unset sends 3, as pg_dump 15 does, which makes COPY print
    // float values that read back exactly.
    std::optional<int> extra_float_digits;
    // --include-foreign-data: the session may read foreign tables.
    bool reads_foreign_tables = false;
};

struct DumpOptions {
    io::ConnectParams connection;
    // Archive path; empty writes the archive to standard output.
    std::string output_path;
    // Whether the archive may replace a file already at output_path.
    ExistingFile existing_file = ExistingFile::replace;
    // How table data and large objects are compressed. compression.threads
    // is the number of threads that compress each member: with 1, the dump's
    // only thread compresses. Above 1, gzip uses a pool of that many threads
    // for blocks of one zlib stream, and zstd that many libzstd workers, while
    // the dump thread reads COPY output.
    dumpfmt::Compression compression = dumpfmt::Compression::zlib(9);
    // The archive version to write. It must be able to name the compression,
    // so lz4 and zstd need 1.15 or later.
    dumpfmt::ArchiveVersion archive_version = dumpfmt::default_written_version;
    // Receives each table's progress as its data streams; may be null.
    ProgressObserver* progress = nullptr;

    // Receives the session's cancel target once the login succeeded, and
    // nullptr before the connection closes; may be empty. cli/ keeps it for
    // the signal watcher, which sends a CancelRequest on SIGINT or SIGTERM.
    std::function<void(const io::CancelTarget*)> cancel_target_handler;
    // Returns true once the dump must stop, checked before each table and
    // before the archive is renamed into place; may be empty.
    std::function<bool()> stop_requested;
    // Passed on to io::Connection; may be empty.
    io::ExposedPasswordHandler exposed_password_handler;
    // Manifest path. Empty means "<output_path>.manifest.json", and no
    // manifest at all when the archive goes to standard output.
    std::string manifest_path;
    SessionOptions session;
    catalog::SelectionPatterns selection;
    ddl::ContentOptions content;
};

}  // namespace wiredump::pipeline
