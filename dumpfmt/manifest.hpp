#pragma once

#include "dumpfmt/copy_data_hash.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::dumpfmt {

// The manifest format version this build writes and reads.
inline constexpr int manifest_version = 1;

// The name of the hash algorithm in the manifest's "hash_algorithm" field.
inline constexpr std::string_view manifest_hash_algorithm = "XXH3-128";

// One table's COPY data as the server sent it during the dump.
struct ManifestTable {
    int dump_id = 0;      // of the TABLE DATA entry
    std::string schema;
    std::string name;
    std::uint64_t rows = 0;
    std::uint64_t bytes = 0;  // uncompressed, without pg_dump's end-of-data line
    Hash128 hash;             // XXH3-128 of those bytes
};

// One large object's bytes.
struct ManifestLargeObject {
    std::uint32_t oid = 0;
    std::uint64_t bytes = 0;
    Hash128 hash;
};

// The final archive file, after the TOC was rewritten with data offsets.
struct ManifestArchive {
    std::string file_name;  // without directories; empty for standard output
    std::uint64_t size = 0;
    Hash128 hash;
};

// The checksummed record of one dump that "wiredump dump" writes beside the
// archive and "wiredump verify" checks. docs/manifest.md describes the JSON.
struct Manifest {
    std::string generator;  // the program that wrote it, for example "wiredump 0.1.0"
    std::optional<ManifestArchive> archive;
    std::vector<ManifestTable> tables;
    std::vector<ManifestLargeObject> large_objects;
};

// Formats the manifest as JSON, one table or large object per line.
std::string format_manifest(const Manifest& manifest);

// Parses a manifest. Members this version does not know are ignored, so a
// later writer can add fields. Returns check_errc::invalid_manifest with the
// reason in the diagnostics' client message.
std::error_code parse_manifest(std::string_view text, Manifest& out, protocol::Diagnostics& diagnostics);

}  // namespace wiredump::dumpfmt
