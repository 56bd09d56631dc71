#pragma once

#include "io/connect_params.hpp"

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
    // Manifest path. Empty means "<output_path>.manifest.json", and no
    // manifest at all when the archive goes to standard output.
    std::string manifest_path;
};

}  // namespace wiredump::pipeline
