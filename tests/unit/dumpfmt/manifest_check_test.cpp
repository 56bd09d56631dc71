#include "dumpfmt/check_errc.hpp"
#include "dumpfmt/manifest_check.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::load_archive;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

ArchiveHead read_head(std::span<const std::uint8_t> bytes) {
    ArchiveHead head;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_archive_head(bytes, head, diagnostics));
    return head;
}

// The manifest a dump of `archive` would have written: what verify reads
// back from an intact archive.
Manifest manifest_of(std::span<const std::uint8_t> archive, const ArchiveHead& head) {
    const ArchiveCheckReport report = check_archive(archive, head);
    REQUIRE(report.ok());

    Manifest manifest;
    StreamHasher hasher;
    hasher.update(archive);
    manifest.archive = ManifestArchive{"tiny_z9.dump", archive.size(), hasher.digest()};
    for (const EntryDataSummary& entry : report.entries) {
        if (entry.copy_hash) {
            manifest.tables.push_back(
                {entry.dump_id, entry.namespace_name, entry.tag, entry.rows, entry.copy_bytes, *entry.copy_hash});
        }
        for (const LargeObjectHash& object : entry.large_object_hashes) {
            manifest.large_objects.push_back({object.oid, object.bytes, object.hash});
        }
    }
    return manifest;
}

std::vector<std::string> mismatches(std::span<const std::uint8_t> archive, const Manifest& manifest) {
    const ArchiveHead head = read_head(archive);
    ArchiveCheckReport report = check_archive(archive, head);
    check_manifest(archive, head, manifest, report);
    std::vector<std::string> messages;
    for (const ArchiveProblem& problem : report.problems) {
        if (problem.error == check_errc::manifest_mismatch) {
            messages.push_back(problem.message);
        }
    }
    return messages;
}

ManifestTable& find_table(Manifest& manifest, std::string_view name) {
    const auto found = std::find_if(manifest.tables.begin(), manifest.tables.end(),
                                    [&](const ManifestTable& table) { return table.name == name; });
    REQUIRE(found != manifest.tables.end());
    return *found;
}

}  // namespace

TEST_CASE("manifest check passes intact archive", "[dumpfmt][manifest]") {
    const Bytes archive = load_archive("tiny_z9.dump");
    const Manifest manifest = manifest_of(archive, read_head(archive));
    CHECK(manifest.tables.size() == 2);
    CHECK(manifest.large_objects.size() == 2);
    CHECK(find_table(const_cast<Manifest&>(manifest), "t").rows == 3);
    CHECK(mismatches(archive, manifest).empty());
}

TEST_CASE("manifest hashes equal across compression", "[dumpfmt][manifest]") {
    const Bytes compressed = load_archive("tiny_z9.dump");
    const Bytes uncompressed = load_archive("tiny_z0.dump");
    Manifest manifest = manifest_of(compressed, read_head(compressed));
    manifest.archive.reset();
    CHECK(mismatches(uncompressed, manifest).empty());
}

TEST_CASE("manifest check names changed table", "[dumpfmt][manifest]") {
    const Bytes archive = load_archive("tiny_z9.dump");
    Manifest manifest = manifest_of(archive, read_head(archive));
    ManifestTable& table = find_table(manifest, "t");
    table.rows = 4;

    std::vector<std::string> found = mismatches(archive, manifest);
    REQUIRE(found.size() == 1);
    CHECK(found[0] == "table public.t (dump id " + std::to_string(table.dump_id) +
                          ") has 3 rows in the archive, but the manifest records 4");

    table.rows = 3;
    table.hash.low ^= 1;
    found = mismatches(archive, manifest);
    REQUIRE(found.size() == 1);
    CHECK(found[0].find("table public.t (dump id ") == 0);
    CHECK(found[0].find("has different data in the archive") != std::string::npos);
}

TEST_CASE("manifest check whole archive hash", "[dumpfmt][manifest]") {
    Bytes archive = load_archive("tiny_z0.dump");
    const Manifest manifest = manifest_of(archive, read_head(archive));

    // A byte of the dbname string changes only the whole-file hash.
    const auto name = std::search(archive.begin(), archive.end(), std::begin("tiny") , std::begin("tiny") + 4);
    REQUIRE(name != archive.end());
    *name = 'T';
    std::vector<std::string> found = mismatches(archive, manifest);
    REQUIRE(found.size() == 1);
    CHECK(found[0].find("the archive's XXH3-128 hash is ") == 0);
    CHECK(found[0].ends_with(", so the file changed after the dump"));

    archive.push_back(0);
    found = mismatches(archive, manifest);
    REQUIRE(found.size() == 1);
    CHECK(found[0] == "the archive is " + std::to_string(archive.size()) + " bytes long, but the manifest records " +
                          std::to_string(archive.size() - 1) + " bytes");
}

TEST_CASE("manifest check missing on either side", "[dumpfmt][manifest]") {
    const Bytes archive = load_archive("tiny_z9.dump");
    Manifest manifest = manifest_of(archive, read_head(archive));
    manifest.archive.reset();
    const ManifestTable removed = find_table(manifest, "empty_t");
    std::erase_if(manifest.tables, [](const ManifestTable& table) { return table.name == "empty_t"; });
    manifest.tables.push_back({9999, "public", "gone", 1, 2, Hash128{}});
    manifest.large_objects.pop_back();

    const std::vector<std::string> found = mismatches(archive, manifest);
    REQUIRE(found.size() == 3);
    CHECK(found[0] == "the manifest records table public.gone (dump id 9999), but the archive has no entry with "
                      "data for that dump id");
    CHECK(found[1] == "the archive contains table public.empty_t (dump id " + std::to_string(removed.dump_id) +
                          "), which the manifest does not record");
    CHECK(found[2].find("the archive contains large object ") == 0);
}
