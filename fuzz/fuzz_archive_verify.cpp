// libFuzzer target for the whole "wiredump verify" path. It parses the
// header and TOC and runs the TOC consistency checks. It decompresses every
// data block with the header's algorithm (none, zlib, lz4, zstd) and runs the
// COPY data checks and hashes. Last comes the manifest comparison, against a
// manifest built from the same report. The only property checked is that no
// input crashes, hangs or trips a sanitizer.
#include "dumpfmt/archive_check.hpp"
#include "dumpfmt/manifest_check.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wiredump::dumpfmt;

    const std::span<const std::uint8_t> archive(data, size);
    wiredump::protocol::Diagnostics diagnostics;
    ArchiveHead head;
    if (parse_archive_head(archive, head, diagnostics)) {
        return 0;
    }
    ArchiveCheckReport report = check_archive(archive, head);

    // A manifest that records what was read, with one table dropped, so the
    // comparison runs through its matching and its missing-table paths.
    Manifest manifest;
    manifest.archive = ManifestArchive{"fuzz.dump", size, Hash128{}};
    for (const EntryDataSummary& entry : report.entries) {
        if (entry.copy_hash) {
            manifest.tables.push_back(
                {entry.dump_id, entry.namespace_name, entry.tag, entry.rows, entry.copy_bytes, *entry.copy_hash});
        }
        for (const LargeObjectHash& object : entry.large_object_hashes) {
            manifest.large_objects.push_back({object.oid, object.bytes, object.hash});
        }
    }
    if (!manifest.tables.empty()) {
        manifest.tables.pop_back();
    }
    check_manifest(archive, head, manifest, report);
    return 0;
}
