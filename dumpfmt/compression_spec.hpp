#pragma once

#include "dumpfmt/header.hpp"
#include "protocol/diagnostics.hpp"

#include <optional>
#include <string_view>
#include <system_error>

namespace wiredump::dumpfmt {

// A -Z/--compress value as pg_dump 16 and later read it.
struct CompressionSpec {
    // The algorithm and level. threads stays 1, because the caller sets it
    // from -j or from `workers`.
    Compression compression;
    // zstd's "workers=N", when given.
    std::optional<unsigned> workers;
};

// The default levels of pg_dump 16 and later (src/common/compression.c).
inline constexpr int gzip_default_level = -1;  // Z_DEFAULT_COMPRESSION, which zlib runs as level 6
inline constexpr int lz4_default_level = 0;    // liblz4's fast mode
inline constexpr int zstd_default_level = 3;   // ZSTD_CLEVEL_DEFAULT

// Parses a -Z value in pg_dump 16's forms:
//   an integer: 0 is none, 1..9 is that gzip level (the pg_dump 15 form);
//   METHOD with METHOD none, gzip, lz4 or zstd, at the method's default level;
//   METHOD:LEVEL, for example gzip:9;
//   METHOD:OPTION[,OPTION]... with the options level=N, and for zstd also
//   long, long=on|off (long-distance matching) and workers=N.
// Levels are checked as pg_dump checks them: gzip 1..9, lz4 1..12, zstd
// ZSTD_minCLevel()..ZSTD_maxCLevel(), each also its default. Returns
// errc::invalid_argument with a message that names the wrong part of `text`
// and lists the accepted forms.
std::error_code parse_compression_spec(std::string_view text, CompressionSpec& out,
                                       protocol::Diagnostics& diagnostics);

// The name pg_dump gives the algorithm: "none", "gzip", "lz4" or "zstd".
std::string_view compression_name(CompressionAlgorithm algorithm);

}  // namespace wiredump::dumpfmt
