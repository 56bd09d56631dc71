#pragma once

#include "dumpfmt/archive_check.hpp"
#include "dumpfmt/manifest.hpp"

#include <cstdint>
#include <span>

namespace wiredump::dumpfmt {

// Compares an archive with the manifest written when it was made, after
// check_archive() filled `report`. Adds a check_errc::manifest_mismatch
// problem to the report for a whole-file hash or size that differs, and for
// each table or large object whose row count, size or hash differs or that
// only one side has. Each problem names the table and its dump id.
void check_manifest(std::span<const std::uint8_t> archive, const ArchiveHead& head, const Manifest& manifest,
                    ArchiveCheckReport& report);

}  // namespace wiredump::dumpfmt
