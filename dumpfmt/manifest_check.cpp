#include "dumpfmt/manifest_check.hpp"

#include "dumpfmt/check_errc.hpp"

#include <map>
#include <set>

namespace wiredump::dumpfmt {
namespace {

void add_mismatch(std::vector<ArchiveProblem>& problems, std::string message) {
    problems.push_back({check_errc::manifest_mismatch, std::move(message)});
}

std::string describe_table(const std::string& schema, const std::string& name, int dump_id) {
    return "table " + (schema.empty() ? "" : schema + ".") + name + " (dump id " + std::to_string(dump_id) + ")";
}

void check_whole_archive(std::span<const std::uint8_t> archive, const ManifestArchive& recorded,
                         std::vector<ArchiveProblem>& problems) {
    if (archive.size() != recorded.size) {
        add_mismatch(problems, "the archive is " + std::to_string(archive.size()) + " bytes long, but the manifest " +
                                 "records " + std::to_string(recorded.size) + " bytes");
        return;
    }
    StreamHasher hasher;
    hasher.update(archive);
    const Hash128 actual = hasher.digest();
    if (actual != recorded.hash) {
        add_mismatch(problems, "the archive's XXH3-128 hash is " + actual.to_hex() + ", but the manifest records " +
                                 recorded.hash.to_hex() + ", so the file changed after the dump");
    }
}

void check_table(const ManifestTable& table, const EntryDataSummary& entry, std::vector<ArchiveProblem>& problems) {
    const std::string name = describe_table(table.schema, table.name, table.dump_id);
    if (entry.desc != "TABLE DATA" || entry.namespace_name != table.schema || entry.tag != table.name) {
        add_mismatch(problems, "the manifest records " + name + ", but dump id " + std::to_string(entry.dump_id) +
                                 " in the archive is " + entry.desc + " " + entry.namespace_name + "." + entry.tag);
        return;
    }
    if (!entry.ok) {
        return;  // the damage is already a problem of its own
    }
    if (!entry.copy_hash) {
        add_mismatch(problems, name + " has no COPY data in the archive to compare with the manifest");
        return;
    }
    if (entry.rows != table.rows) {
        add_mismatch(problems, name + " has " + std::to_string(entry.rows) + " rows in the archive, but the " +
                                 "manifest records " + std::to_string(table.rows));
    } else if (entry.copy_bytes != table.bytes || *entry.copy_hash != table.hash) {
        add_mismatch(problems, name + " has different data in the archive: " + std::to_string(entry.copy_bytes) +
                                 " bytes with hash " + entry.copy_hash->to_hex() + ", but the manifest records " +
                                 std::to_string(table.bytes) + " bytes with hash " + table.hash.to_hex());
    }
}

void check_large_objects(const Manifest& manifest, const ArchiveCheckReport& report,
                         std::vector<ArchiveProblem>& problems) {
    std::map<std::uint32_t, const LargeObjectHash*> archived;
    bool any_damaged = false;
    for (const EntryDataSummary& entry : report.entries) {
        any_damaged = any_damaged || (entry.desc == "BLOBS" && !entry.ok);
        for (const LargeObjectHash& object : entry.large_object_hashes) {
            archived.emplace(object.oid, &object);
        }
    }

    std::set<std::uint32_t> recorded;
    for (const ManifestLargeObject& object : manifest.large_objects) {
        recorded.insert(object.oid);
        const auto found = archived.find(object.oid);
        const std::string name = "large object " + std::to_string(object.oid);
        if (found == archived.end()) {
            if (!any_damaged) {
                add_mismatch(problems, "the manifest records " + name + ", but the archive does not contain it");
            }
        } else if (found->second->bytes != object.bytes || found->second->hash != object.hash) {
            add_mismatch(problems, name + " has different bytes in the archive: " +
                                     std::to_string(found->second->bytes) + " bytes with hash " +
                                     found->second->hash.to_hex() + ", but the manifest records " +
                                     std::to_string(object.bytes) + " bytes with hash " + object.hash.to_hex());
        }
    }
    for (const auto& [oid, object] : archived) {
        if (!recorded.contains(oid)) {
            add_mismatch(problems, "the archive contains large object " + std::to_string(oid) +
                                     ", which the manifest does not record");
        }
    }
}

}  // namespace

void check_manifest(std::span<const std::uint8_t> archive, const ArchiveHead&, const Manifest& manifest,
                    ArchiveCheckReport& report) {
    std::vector<ArchiveProblem> problems;
    if (manifest.archive) {
        check_whole_archive(archive, *manifest.archive, problems);
    }

    std::map<int, const EntryDataSummary*> entry_by_dump_id;
    for (const EntryDataSummary& entry : report.entries) {
        entry_by_dump_id.emplace(entry.dump_id, &entry);
    }

    std::set<int> recorded;
    for (const ManifestTable& table : manifest.tables) {
        recorded.insert(table.dump_id);
        const auto found = entry_by_dump_id.find(table.dump_id);
        if (found == entry_by_dump_id.end()) {
            add_mismatch(problems, "the manifest records " + describe_table(table.schema, table.name, table.dump_id) +
                                     ", but the archive has no entry with data for that dump id");
            continue;
        }
        check_table(table, *found->second, problems);
    }

    for (const EntryDataSummary& entry : report.entries) {
        if (entry.desc == "TABLE DATA" && !recorded.contains(entry.dump_id)) {
            add_mismatch(problems, "the archive contains " +
                                     describe_table(entry.namespace_name, entry.tag, entry.dump_id) +
                                     ", which the manifest does not record");
        }
    }

    check_large_objects(manifest, report, problems);
    report.problems.insert(report.problems.end(), problems.begin(), problems.end());
}

}  // namespace wiredump::dumpfmt
