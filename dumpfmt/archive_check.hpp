#pragma once

#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/copy_data_hash.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace wiredump::dumpfmt {

// One problem that verification found. The message names the TOC entry and
// the archive byte offset where the problem is, when there is one.
struct ArchiveProblem {
    std::error_code error;
    std::string message;
};

// The hash of one large object's bytes in a BLOBS block.
struct LargeObjectHash {
    std::uint32_t oid = 0;
    std::uint64_t bytes = 0;
    Hash128 hash;
};

// Summary of the data block of one TOC entry, as verification read it.
struct EntryDataSummary {
    int dump_id = 0;
    std::string desc;
    std::string namespace_name;
    std::string tag;
    bool block_found = false;
    std::size_t block_offset = 0;
    bool rows_counted = false;          // a TABLE DATA entry with a COPY column list
    std::uint64_t rows = 0;
    std::uint64_t large_objects = 0;    // members of a BLOBS block
    std::uint64_t compressed_bytes = 0; // chunk bytes as stored
    std::uint64_t data_bytes = 0;       // after decompression
    // TABLE DATA with a COPY statement: the XXH3-128 hash and size of the
    // COPY data before the end-of-data line, as the manifest records them.
    std::optional<Hash128> copy_hash;
    std::uint64_t copy_bytes = 0;
    std::vector<LargeObjectHash> large_object_hashes;  // members of a BLOBS block
    bool ok = true;
};

struct ArchiveCheckReport {
    std::vector<EntryDataSummary> entries;  // entries with data, in TOC order
    std::vector<ArchiveProblem> problems;
    // Findings that pg_restore tolerates, so they do not fail verification.
    std::vector<ArchiveProblem> warnings;
    bool data_offsets_used = false;         // false when blocks were read in file order

    bool ok() const { return problems.empty(); }
};

// Checks the TOC alone. Problems: a repeated dump id, a data offset flag
// that disagrees with the entry's hadDumper flag, and an entry of an earlier
// section (pre-data, data, post-data) after one of a later section. pg_dump
// itself warns about that order when it writes an archive. Entries of
// section NONE (comments, ACLs) may appear anywhere. A TABLE DATA entry
// whose first dependency (its table) is outside the dump id range is a
// problem too, because pg_restore rejects it. A dependency on a dump id
// that no entry has is a warning, because pg_dump 15 writes such
// dependencies (seen on MATERIALIZED VIEW DATA entries) and pg_restore
// ignores them.
void check_toc_consistency(const ArchiveHead& head, std::vector<ArchiveProblem>& problems,
                           std::vector<ArchiveProblem>& warnings);

// Checks the TOC, then reads and decompresses every data block of `archive`
// (the whole file). When every entry with data has a set data offset, each
// block is read at its offset, so one damaged block does not hide the others.
// Otherwise the blocks are read in file order from the end of the TOC, and
// reading stops at the first block that cannot be read. TABLE DATA rows are
// counted and checked with CopyDataChecker. Decompressed data is never kept
// whole in memory.
ArchiveCheckReport check_archive(std::span<const std::uint8_t> archive, const ArchiveHead& head);

}  // namespace wiredump::dumpfmt
