#include "dumpfmt/archive_check.hpp"

#include "dumpfmt/check_errc.hpp"
#include "dumpfmt/copy_data_check.hpp"
#include "dumpfmt/encoding.hpp"
#include "dumpfmt/errc.hpp"

#include <map>
#include <memory>
#include <set>

namespace wiredump::dumpfmt {
namespace {

// Position of an entry with data in the report and in the TOC.
struct EntryPosition {
    std::size_t summary_index = 0;
    std::size_t toc_index = 0;
};

std::string describe_entry(const TocEntry& entry) {
    // The qualified name is written as the verify summary writes it.
    std::string text = "TOC entry " + std::to_string(entry.dump_id) + " (" + entry.desc;
    if (entry.tag != entry.desc) {
        text += " ";
        if (entry.namespace_name && !entry.namespace_name->empty()) {
            text += *entry.namespace_name + ".";
        }
        text += entry.tag;
    }
    return text + ")";
}

void add_problem(std::vector<ArchiveProblem>& problems, std::error_code error, std::string message) {
    problems.push_back({error, std::move(message)});
}

// Feeds the data of one block into its entry's summary and COPY checker.
class CheckingVisitor final : public DataBlockVisitor {
public:
    CheckingVisitor(const std::map<int, EntryPosition>& position_by_dump_id, const ArchiveHead& head,
                    ArchiveCheckReport& report)
        : position_by_dump_id_(position_by_dump_id), head_(head), report_(report) {}

    // The entry whose block is being read, or nullptr before the first block
    // header and for a block that belongs to no entry with data.
    EntryDataSummary* current() { return current_; }
    const TocEntry* current_entry() const { return current_entry_; }

    // Forgets the previous block before the next read. When `dump_id` is
    // set, the block read next must carry it.
    void start_block(std::optional<int> dump_id) {
        current_ = nullptr;
        current_entry_ = nullptr;
        checker_.reset();
        copy_hasher_.reset();
        large_object_hasher_.reset();
        expected_dump_id_ = dump_id;
    }

    // Marks the current block damaged after a reading error, keeping the rows
    // counted up to the error.
    void abandon_block() {
        if (current_ == nullptr) {
            return;
        }
        current_->ok = false;
        if (checker_) {
            current_->rows = checker_->rows();
        }
        checker_.reset();
        copy_hasher_.reset();
        large_object_hasher_.reset();
    }

    std::error_code on_block(BlockType, int dump_id, std::size_t offset) override {
        if (expected_dump_id_ && *expected_dump_id_ != dump_id) {
            add_problem(report_.problems, check_errc::unexpected_data_block,
                        "the data offset of dump id " + std::to_string(*expected_dump_id_) +
                            " points at archive byte " + std::to_string(offset) +
                            ", but the block there has dump id " + std::to_string(dump_id));
            return check_errc::unexpected_data_block;
        }
        const auto found = position_by_dump_id_.find(dump_id);
        if (found == position_by_dump_id_.end()) {
            add_problem(report_.problems, check_errc::unexpected_data_block,
                        "the data block at archive byte " + std::to_string(offset) + " has dump id " +
                            std::to_string(dump_id) + ", which no TOC entry with data has");
            return {};
        }

        EntryDataSummary& summary = report_.entries[found->second.summary_index];
        if (summary.block_found) {
            add_problem(report_.problems, check_errc::unexpected_data_block,
                        "a second data block for dump id " + std::to_string(dump_id) + " starts at archive byte " +
                            std::to_string(offset) + "; the first starts at " +
                            std::to_string(summary.block_offset));
            summary.ok = false;
            return {};
        }
        summary.block_found = true;
        summary.block_offset = offset;
        current_ = &summary;
        current_entry_ = &head_.toc[found->second.toc_index].entry;
        return {};
    }

    std::error_code on_member(std::optional<std::uint32_t> large_object_oid) override {
        if (current_ == nullptr) {
            return {};
        }
        if (large_object_oid) {
            ++current_->large_objects;
            large_object_oid_ = *large_object_oid;
            large_object_hasher_.emplace();
            return {};
        }

        const TocEntry& entry = *current_entry_;
        if (entry.desc != "TABLE DATA" || !entry.copy_statement || entry.copy_statement->empty()) {
            return {};
        }
        // Data dumped with --inserts has no COPY statement and is not checked.
        if (const auto columns = count_copy_columns(*entry.copy_statement)) {
            checker_.emplace(*columns);
            copy_hasher_.emplace();
            current_->rows_counted = true;
        }
        return {};
    }

    std::error_code on_chunk(std::size_t compressed_size) override {
        if (current_ != nullptr) {
            current_->compressed_bytes += compressed_size;
        }
        return {};
    }

    std::error_code on_data(std::span<const std::uint8_t> data) override {
        if (current_ == nullptr) {
            return {};
        }
        current_->data_bytes += data.size();
        if (checker_) {
            checker_->write(data);
        }
        if (copy_hasher_) {
            copy_hasher_->write(data);
        }
        if (large_object_hasher_) {
            large_object_hasher_->update(data);
        }
        return {};
    }

    std::error_code on_member_end() override {
        if (current_ == nullptr) {
            return {};
        }
        record_hash();
        if (!checker_) {
            return {};
        }
        checker_->finish();
        current_->rows = checker_->rows();
        if (checker_->error()) {
            add_problem(report_.problems, checker_->error(),
                        describe_entry(*current_entry_) + ", data block at archive byte " +
                            std::to_string(current_->block_offset) + ": " + checker_->error_message());
            current_->ok = false;
        }
        checker_.reset();
        return {};
    }

private:
    void record_hash() {
        if (copy_hasher_) {
            copy_hasher_->finish();
            current_->copy_hash = copy_hasher_->digest();
            current_->copy_bytes = copy_hasher_->size();
            copy_hasher_.reset();
        }
        if (large_object_hasher_) {
            current_->large_object_hashes.push_back(
                {large_object_oid_, large_object_hasher_->size(), large_object_hasher_->digest()});
            large_object_hasher_.reset();
        }
    }

    const std::map<int, EntryPosition>& position_by_dump_id_;
    const ArchiveHead& head_;
    ArchiveCheckReport& report_;
    EntryDataSummary* current_ = nullptr;
    const TocEntry* current_entry_ = nullptr;
    std::optional<CopyDataChecker> checker_;
    // The large object's bytes are hashed whole: they are not COPY text, so
    // an end-of-data line means nothing there.
    std::optional<CopyDataHasher> copy_hasher_;
    std::optional<StreamHasher> large_object_hasher_;
    std::uint32_t large_object_oid_ = 0;
    std::optional<int> expected_dump_id_;
};

// Records a reading error against the block that was being read.
void report_read_error(CheckingVisitor& visitor, std::error_code error, const protocol::Diagnostics& diagnostics,
                       ArchiveCheckReport& report) {
    if (error == check_errc::unexpected_data_block) {
        return;  // already recorded by the visitor
    }
    std::string message = diagnostics.client_message().empty() ? error.message() : diagnostics.client_message();
    if (const TocEntry* entry = visitor.current_entry()) {
        message = describe_entry(*entry) + ": " + message;
    }
    visitor.abandon_block();
    add_problem(report.problems, error, std::move(message));
}

void read_by_offsets(std::span<const std::uint8_t> archive, const ArchiveHead& head,
                     const std::map<int, EntryPosition>& position_by_dump_id, CheckingVisitor& visitor,
                     ArchiveCheckReport& report) {
    for (const ParsedTocEntry& parsed : head.toc) {
        if (!parsed.entry.has_data) {
            continue;
        }
        protocol::Diagnostics diagnostics;
        std::size_t end_offset = 0;
        visitor.start_block(parsed.entry.dump_id);
        const std::size_t offset = parsed.data_offset.position;
        if (auto error = read_data_block(archive, offset, head.header, visitor, end_offset, diagnostics)) {
            if (visitor.current_entry() == nullptr && error != check_errc::unexpected_data_block) {
                diagnostics.set_client_message(describe_entry(parsed.entry) + ", data block at archive byte " +
                                               std::to_string(offset) + ": " +
                                               (diagnostics.client_message().empty()
                                                    ? error.message()
                                                    : diagnostics.client_message()));
            }
            report_read_error(visitor, error, diagnostics, report);
            report.entries[position_by_dump_id.at(parsed.entry.dump_id).summary_index].ok = false;
        }
    }
}

void read_in_file_order(std::span<const std::uint8_t> archive, const ArchiveHead& head, CheckingVisitor& visitor,
                        ArchiveCheckReport& report) {
    std::size_t offset = head.data_start;
    while (offset < archive.size()) {
        protocol::Diagnostics diagnostics;
        std::size_t end_offset = 0;
        visitor.start_block(std::nullopt);
        if (auto error = read_data_block(archive, offset, head.header, visitor, end_offset, diagnostics)) {
            report_read_error(visitor, error, diagnostics, report);
            return;
        }
        offset = end_offset;
    }
}

std::string_view section_name(Section section) {
    switch (section) {
    case Section::pre_data:
        return "pre-data";
    case Section::data:
        return "data";
    case Section::post_data:
        return "post-data";
    case Section::none:
        break;
    }
    return "none";
}

// Reports each entry whose section comes before that of an earlier entry.
// Section 1 (NONE) is skipped, and so are values outside 1..4, which only
// archives older than 1.11 or damaged TOCs have.
void check_section_order(const ArchiveHead& head, std::vector<ArchiveProblem>& problems) {
    const TocEntry* latest = nullptr;
    for (const ParsedTocEntry& parsed : head.toc) {
        const TocEntry& entry = parsed.entry;
        if (entry.section != Section::pre_data && entry.section != Section::data &&
            entry.section != Section::post_data) {
            continue;
        }
        if (latest != nullptr && entry.section < latest->section) {
            add_problem(problems, check_errc::section_out_of_order,
                        describe_entry(entry) + " at archive byte " + std::to_string(parsed.archive_offset) +
                            " is in section " + std::string(section_name(entry.section)) + " but comes after " +
                            describe_entry(*latest) + " of section " + std::string(section_name(latest->section)));
            continue;
        }
        latest = &entry;
    }
}

}  // namespace

void check_toc_consistency(const ArchiveHead& head, std::vector<ArchiveProblem>& problems,
                           std::vector<ArchiveProblem>& warnings) {
    std::set<int> dump_ids;
    for (const ParsedTocEntry& parsed : head.toc) {
        if (!dump_ids.insert(parsed.entry.dump_id).second) {
            add_problem(problems, check_errc::duplicate_dump_id,
                        describe_entry(parsed.entry) + " at archive byte " + std::to_string(parsed.archive_offset) +
                            " repeats dump id " + std::to_string(parsed.entry.dump_id));
        }
    }

    check_section_order(head, problems);

    const int max_dump_id = dump_ids.empty() ? 0 : *dump_ids.rbegin();
    for (const ParsedTocEntry& parsed : head.toc) {
        const TocEntry& entry = parsed.entry;
        // pg_restore pairs TABLE DATA with its table through the first
        // dependency and stops with "bad table dumpId for TABLE DATA item"
        // when that id is outside 1 .. the largest dump id.
        if (entry.desc == "TABLE DATA" && !entry.dependencies.empty() &&
            (entry.dependencies[0] <= 0 || entry.dependencies[0] > max_dump_id)) {
            add_problem(problems, check_errc::missing_dependency,
                        describe_entry(entry) + " at archive byte " + std::to_string(parsed.archive_offset) +
                            " names dump id " + std::to_string(entry.dependencies[0]) +
                            " as its table, outside 1 to " + std::to_string(max_dump_id) +
                            ", so pg_restore rejects the archive");
            continue;
        }
        for (const int dependency : entry.dependencies) {
            // pg_dump 17 and 18 make each BLOBS entry depend on their
            // pre-data boundary object, which has no TOC entry.
            if (!dump_ids.contains(dependency) && entry.desc != "BLOBS") {
                add_problem(warnings, check_errc::missing_dependency,
                            describe_entry(entry) + " at archive byte " + std::to_string(parsed.archive_offset) +
                                " depends on dump id " + std::to_string(dependency) + ", which no entry has");
            }
        }

        const bool offset_has_data = parsed.data_offset.flag != OffsetFlag::no_data;
        if (entry.has_data != offset_has_data) {
            add_problem(problems, errc::data_block_mismatch,
                        describe_entry(entry) + " at archive byte " + std::to_string(parsed.archive_offset) +
                            " has hadDumper " + (entry.has_data ? "1" : "0") + " but data offset flag " +
                            std::to_string(static_cast<int>(parsed.data_offset.flag)));
        }
    }
}

ArchiveCheckReport check_archive(std::span<const std::uint8_t> archive, const ArchiveHead& head) {
    ArchiveCheckReport report;
    check_toc_consistency(head, report.problems, report.warnings);

    std::map<int, EntryPosition> position_by_dump_id;
    bool all_offsets_set = true;
    for (std::size_t i = 0; i < head.toc.size(); ++i) {
        const ParsedTocEntry& parsed = head.toc[i];
        const TocEntry& entry = parsed.entry;
        if (!entry.has_data || position_by_dump_id.contains(entry.dump_id)) {
            continue;
        }
        position_by_dump_id.emplace(entry.dump_id, EntryPosition{report.entries.size(), i});
        EntryDataSummary summary;
        summary.dump_id = entry.dump_id;
        summary.desc = entry.desc;
        summary.namespace_name = entry.namespace_name.value_or("");
        summary.tag = entry.tag;
        report.entries.push_back(std::move(summary));
        all_offsets_set = all_offsets_set && parsed.data_offset.flag == OffsetFlag::set;
    }

    CheckingVisitor visitor(position_by_dump_id, head, report);
    report.data_offsets_used = all_offsets_set && !report.entries.empty();
    if (report.data_offsets_used) {
        read_by_offsets(archive, head, position_by_dump_id, visitor, report);
    } else {
        read_in_file_order(archive, head, visitor, report);
    }

    for (const auto& [dump_id, position] : position_by_dump_id) {
        EntryDataSummary& summary = report.entries[position.summary_index];
        if (!summary.block_found && summary.ok) {
            summary.ok = false;
            add_problem(report.problems, check_errc::missing_data_block,
                        describe_entry(head.toc[position.toc_index].entry) +
                            " has data, but no data block was found");
        }
    }
    return report;
}

}  // namespace wiredump::dumpfmt
