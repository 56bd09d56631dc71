#pragma once

#include "dumpfmt/archive_version.hpp"
#include "dumpfmt/encoding.hpp"
#include "dumpfmt/toc_entry.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace wiredump::dumpfmt {

// Appends the TOC: the entry count, then each entry's fields in the order of
// `version` (tableam from 1.14, relkind from 1.16).
//
// data_positions is either empty or contains one element per entry. An entry
// without data gets the NO_DATA offset. An entry with data gets the position
// given for it, or NOT_SET when data_positions is empty or its element is
// empty. Every offset has the same width, so encoding the TOC again with real
// positions gives bytes of the same length, which the caller can write over
// the first TOC in place.
//
// Returns errc::invalid_argument, with a message, when a dump id is below 1 or
// repeated, or a dependency names a dump id that no entry has. The same error
// covers a position given for an entry without data and a data_positions size
// that differs from the entry count.
std::error_code append_toc(std::vector<std::uint8_t>& out, const ArchiveVersion& version,
                           std::span<const TocEntry> entries,
                           std::span<const std::optional<std::uint64_t>> data_positions,
                           protocol::Diagnostics& diagnostics);

// A TOC entry as read from an archive, with the fields the writer fixes.
struct ParsedTocEntry {
    TocEntry entry;
    DataOffset data_offset;
    std::string with_oids;            // "false" in every archive since PostgreSQL 12
    std::size_t archive_offset = 0;   // where the entry starts in the archive
};

// Parses the TOC of an archive of `version`, starting at archive offset
// `base_offset` (the end of the header). On success `consumed` is the TOC size.
std::error_code parse_toc(std::span<const std::uint8_t> bytes, std::size_t base_offset,
                          const ArchiveVersion& version, int integer_size, int offset_size,
                          std::vector<ParsedTocEntry>& out, std::size_t& consumed,
                          protocol::Diagnostics& diagnostics);

}  // namespace wiredump::dumpfmt
