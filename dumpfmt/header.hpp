#pragma once

#include "dumpfmt/archive_version.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::dumpfmt {

// The magic string at the start of every custom-format archive.
inline constexpr std::string_view archive_magic = "PGDMP";

// The format byte for the custom format (-Fc).
inline constexpr std::uint8_t custom_format = 1;

// Compression algorithms by the byte that 1.15 and later headers store.
enum class CompressionAlgorithm : std::uint8_t {
    none = 0,
    gzip = 1,  // a zlib-wrapped (RFC 1950) stream, not gzip-wrapped
    lz4 = 2,
    zstd = 3,
};

// Archive compression: the algorithm and its level. Headers before 1.15 store
// only the zlib level (0 = none, -1 = zlib's default, 1..9), and 1.15 and
// later store only the algorithm. The archive stores none of the other fields.
// The library that writes gzip (zlib) members. Both write one zlib stream per
// member that any zlib reader inflates; the archive does not record which.
enum class DeflateEngine : std::uint8_t {
    zlib,        // zlib itself, the default
    libdeflate,  // libdeflate's faster compressor, in independent blocks
};

struct Compression {
    CompressionAlgorithm algorithm = CompressionAlgorithm::none;
    // gzip: -1 (zlib's default, level 6) or 1..9. lz4: 0 (fast mode) to 12.
    // zstd: ZSTD_minCLevel() to ZSTD_maxCLevel(), 3 by default.
    int level = 0;
    // Threads that compress each member. For gzip above 1, members are
    // compressed in parallel blocks. For zstd above 1, libzstd's own worker
    // threads compress (ZSTD_c_nbWorkers). lz4 compresses on one thread.
    unsigned threads = 1;
    // zstd only: long-distance matching (ZSTD_c_enableLongDistanceMatching).
    bool long_distance = false;
    // gzip only: the compressor library (--deflate).
    DeflateEngine deflate_engine = DeflateEngine::zlib;

    static Compression zlib(int level, unsigned threads = 1) {
        return {CompressionAlgorithm::gzip, level, threads};
    }
};

// The dump time as local-time struct tm fields.
struct CreationTime {
    int second = 0;
    int minute = 0;
    int hour = 0;
    int day_of_month = 1;    // 1..31
    int month = 0;           // 0-based: January is 0
    int years_since_1900 = 0;
    int is_dst = 0;          // 1 when daylight saving time applies
};

// Splits a time into local-time fields, as pg_dump does with localtime().
CreationTime local_creation_time(std::time_t time);

struct ArchiveHeader {
    ArchiveVersion version = default_written_version;
    int integer_size = 4;
    int offset_size = 8;
    std::uint8_t format = custom_format;
    Compression compression;
    // The zlib level stored in headers before 1.15, absent in 1.15 and later.
    std::optional<int> stored_level;
    CreationTime created;
    std::string database_name;
    std::string server_version;  // the server's server_version setting
    std::string dumper_version;  // the program that wrote the archive, e.g. "wiredump 0.1.0"
};

// Appends the header for header.version (1.12 to 1.16). intSize and offSize
// must be 4 and 8. Returns errc::invalid_argument, with a message in
// diagnostics, when the version, sizes or compression cannot be written.
std::error_code append_header(std::vector<std::uint8_t>& out, const ArchiveHeader& header,
                              protocol::Diagnostics& diagnostics);

// Parses the header at the start of `bytes`. On success `consumed` is the size
// of the header, which is where the TOC starts. The revision byte is read as
// unsigned, so 1.14.255 is a valid 1.14 revision.
std::error_code parse_header(std::span<const std::uint8_t> bytes, ArchiveHeader& out,
                             std::size_t& consumed, protocol::Diagnostics& diagnostics);

}  // namespace wiredump::dumpfmt
