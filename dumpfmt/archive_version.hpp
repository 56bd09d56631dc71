#pragma once

#include "protocol/diagnostics.hpp"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace wiredump::dumpfmt {

// An archive format version major.minor.revision, stored as three bytes after
// the magic. pg_dump compares versions as (major * 256 + minor) * 256 + revision.
struct ArchiveVersion {
    std::uint8_t major = 1;
    std::uint8_t minor = 14;
    std::uint8_t revision = 0;

    constexpr std::uint32_t number() const {
        return (static_cast<std::uint32_t>(major) * 256 + minor) * 256 + revision;
    }

    constexpr auto operator<=>(const ArchiveVersion& other) const {
        return number() <=> other.number();
    }

    constexpr bool operator==(const ArchiveVersion& other) const {
        return number() == other.number();
    }

    std::string to_string() const;
};

// One BLOB TOC entry per large object (PostgreSQL 9.0).
inline constexpr ArchiveVersion version_1_12{1, 12, 0};
// The SEARCHPATH TOC entry, with an unchanged layout (PostgreSQL 11 and the 2018
// search_path hardening releases).
inline constexpr ArchiveVersion version_1_13{1, 13, 0};
// The tableam string in each TOC entry (PostgreSQL 12 to 15).
inline constexpr ArchiveVersion version_1_14{1, 14, 0};
// The header stores a compression algorithm byte instead of the zlib level int
// (PostgreSQL 16).
inline constexpr ArchiveVersion version_1_15{1, 15, 0};
// The relkind int in each TOC entry, BLOB METADATA entries and one BLOBS data
// entry per group of large objects (PostgreSQL 17 and 18).
inline constexpr ArchiveVersion version_1_16{1, 16, 0};

// The version wiredump writes by default, because pg_restore 12 through 18 all
// read 1.14.
inline constexpr ArchiveVersion default_written_version = version_1_14;

// The oldest and newest versions the reader and writer accept. Any revision of
// 1.16 is accepted, as pg_restore 17 accepts 1.16.255.
inline constexpr ArchiveVersion oldest_supported_version = version_1_12;
inline constexpr ArchiveVersion newest_supported_version{1, 16, 255};

enum class CompressionAlgorithm : std::uint8_t;

// Parses a version to write: "1.14", "1.15" or "1.16". Returns
// errc::invalid_argument with a message naming the value and the choices.
std::error_code parse_written_version(std::string_view text, ArchiveVersion& out,
                                      protocol::Diagnostics& diagnostics);

// Picks the version to write for `algorithm`. Without a request it is 1.14
// for none and gzip, because pg_restore 12 to 18 read it, and 1.15 for lz4
// and zstd, the oldest version that can name them. A requested version
// before 1.15 with lz4 or zstd is rejected with errc::invalid_argument and a
// message naming the version to request instead.
std::error_code choose_written_version(CompressionAlgorithm algorithm, std::optional<ArchiveVersion> requested,
                                       ArchiveVersion& out, protocol::Diagnostics& diagnostics);

// The first pg_restore major version from which on every major reads
// archives of `version`: 12 for 1.14 and older (PostgreSQL 12 added 1.14's
// tableam field), 16 for 1.15 and 17 for 1.16.
int first_pg_restore_major(const ArchiveVersion& version);

}  // namespace wiredump::dumpfmt
