#include "dumpfmt/toc.hpp"

#include "dumpfmt/errc.hpp"

#include <charconv>
#include <set>

namespace wiredump::dumpfmt {
namespace {

std::error_code reject(protocol::Diagnostics& diagnostics, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return errc::invalid_argument;
}

std::error_code check_entry(const TocEntry& entry, const std::optional<std::uint64_t>& position,
                            protocol::Diagnostics& diagnostics) {
    const std::string name = "TOC entry " + entry.desc + " \"" + entry.tag + "\"";
    if (entry.dump_id < 1) {
        return reject(diagnostics, name + " has dump id " + std::to_string(entry.dump_id) +
                                       ", but dump ids must be 1 or above");
    }
    for (int dependency : entry.dependencies) {
        if (dependency < 1) {
            return reject(diagnostics, name + " depends on dump id " + std::to_string(dependency) +
                                           ", but dump ids must be 1 or above");
        }
    }
    if (position && !entry.has_data) {
        return reject(diagnostics, name + " has no data but was given data position " +
                                       std::to_string(*position));
    }
    return {};
}

// Rejects repeated dump ids and dependencies on ids that no entry has, because
// pg_restore pairs TABLE DATA with its TABLE through the first dependency and
// newer pg_restore releases reject dependency ids beyond the largest dump id.
std::error_code check_references(std::span<const TocEntry> entries, protocol::Diagnostics& diagnostics) {
    std::set<int> dump_ids;
    for (const TocEntry& entry : entries) {
        if (!dump_ids.insert(entry.dump_id).second) {
            return reject(diagnostics, "two TOC entries have dump id " + std::to_string(entry.dump_id) +
                                           ", but dump ids must be unique");
        }
    }

    for (const TocEntry& entry : entries) {
        for (int dependency : entry.dependencies) {
            if (!dump_ids.contains(dependency)) {
                return reject(diagnostics, "TOC entry " + entry.desc + " \"" + entry.tag + "\" depends on dump id " +
                                               std::to_string(dependency) + ", which no entry has");
            }
        }
    }
    return {};
}

DataOffset offset_for(const TocEntry& entry, const std::optional<std::uint64_t>& position) {
    if (!entry.has_data) {
        return {OffsetFlag::no_data, 0};
    }
    if (!position) {
        return {OffsetFlag::not_set, 0};
    }
    return {OffsetFlag::set, *position};
}

void append_entry(std::vector<std::uint8_t>& out, const ArchiveVersion& version, const TocEntry& entry,
                  const DataOffset& offset) {
    append_int(out, entry.dump_id);
    append_int(out, entry.has_data ? 1 : 0);
    // pg_dump stores both OIDs as decimal text, and pg_restore cannot read NULL here.
    append_string(out, std::to_string(entry.catalog_table_oid));
    append_string(out, std::to_string(entry.oid));
    append_string(out, entry.tag);
    append_string(out, entry.desc);
    append_int(out, static_cast<std::int32_t>(entry.section));
    append_optional_string(out, entry.definition);
    append_optional_string(out, entry.drop_statement);
    append_optional_string(out, entry.copy_statement);
    append_optional_string(out, entry.namespace_name);
    append_optional_string(out, entry.tablespace);
    if (version >= version_1_14) {
        append_optional_string(out, entry.table_access_method);
    }
    if (version >= version_1_16) {
        append_int(out, entry.relkind);
    }
    append_optional_string(out, entry.owner);

    // The retired WITH OIDS flag. pg_restore would only warn about "true".
    append_string(out, "false");

    for (int dependency : entry.dependencies) {
        append_string(out, std::to_string(dependency));
    }
    append_null_string(out);

    append_offset(out, offset);
}

}  // namespace

std::error_code append_toc(std::vector<std::uint8_t>& out, const ArchiveVersion& version,
                           std::span<const TocEntry> entries,
                           std::span<const std::optional<std::uint64_t>> data_positions,
                           protocol::Diagnostics& diagnostics) {
    if (!data_positions.empty() && data_positions.size() != entries.size()) {
        return reject(diagnostics, "got " + std::to_string(data_positions.size()) + " data positions for " +
                                       std::to_string(entries.size()) + " TOC entries: pass one per entry or none");
    }
    if (entries.size() > static_cast<std::size_t>(INT32_MAX)) {
        return reject(diagnostics, "too many TOC entries: " + std::to_string(entries.size()));
    }

    // Validate everything first so that a failure appends nothing.
    const std::optional<std::uint64_t> unknown;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& position = data_positions.empty() ? unknown : data_positions[i];
        if (auto error = check_entry(entries[i], position, diagnostics)) {
            return error;
        }
    }
    if (auto error = check_references(entries, diagnostics)) {
        return error;
    }

    append_int(out, static_cast<std::int32_t>(entries.size()));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& position = data_positions.empty() ? unknown : data_positions[i];
        append_entry(out, version, entries[i], offset_for(entries[i], position));
    }
    return {};
}

namespace {

// Parses the decimal text pg_dump stores for OIDs and dependencies.
template <typename Number>
bool parse_decimal(const std::optional<std::string>& text, Number& out) {
    if (!text || text->empty()) {
        return false;
    }
    const char* first = text->data();
    const char* last = first + text->size();
    const auto result = std::from_chars(first, last, out);
    return result.ec == std::errc() && result.ptr == last;
}

std::error_code read_oid_text(ByteReader& reader, std::uint32_t& out, const char* field) {
    const std::size_t start = reader.offset();
    std::optional<std::string> text;
    if (auto error = reader.read_string(text, field)) {
        return error;
    }
    if (!parse_decimal(text, out)) {
        return reader.fail(errc::invalid_number_text, start, field,
                           text ? "\"" + *text + "\" is not a decimal OID" : "the OID is NULL");
    }
    return {};
}

std::error_code read_string_field(ByteReader& reader, std::string& out, const char* field) {
    std::optional<std::string> text;
    if (auto error = reader.read_string(text, field)) {
        return error;
    }
    out = text.value_or("");
    return {};
}

std::error_code read_dependencies(ByteReader& reader, std::vector<int>& out) {
    while (true) {
        const std::size_t start = reader.offset();
        std::optional<std::string> text;
        if (auto error = reader.read_string(text, "dependency")) {
            return error;
        }
        if (!text) {
            return {};
        }

        int dependency = 0;
        if (!parse_decimal(text, dependency)) {
            return reader.fail(errc::invalid_number_text, start, "dependency",
                               "\"" + *text + "\" is not a decimal dump id");
        }
        if (dependency < 1) {
            return reader.fail(errc::dump_id_out_of_range, start, "dependency",
                               "dump id " + std::to_string(dependency) + " is below 1");
        }
        out.push_back(dependency);
    }
}

std::error_code read_identity(ByteReader& reader, TocEntry& entry) {
    const std::size_t start = reader.offset();
    std::int32_t dump_id = 0;
    if (auto error = reader.read_int32(dump_id, "dump id")) {
        return error;
    }
    if (dump_id < 1) {
        return reader.fail(errc::dump_id_out_of_range, start, "dump id",
                           "dump id " + std::to_string(dump_id) + " is below 1");
    }
    entry.dump_id = dump_id;

    std::int32_t had_dumper = 0;
    if (auto error = reader.read_int32(had_dumper, "hadDumper")) {
        return error;
    }
    entry.has_data = had_dumper != 0;

    if (auto error = read_oid_text(reader, entry.catalog_table_oid, "tableoid")) {
        return error;
    }
    if (auto error = read_oid_text(reader, entry.oid, "oid")) {
        return error;
    }
    if (auto error = read_string_field(reader, entry.tag, "tag")) {
        return error;
    }
    return read_string_field(reader, entry.desc, "desc");
}

std::error_code read_statements(ByteReader& reader, const ArchiveVersion& version, TocEntry& entry) {
    std::int32_t section = 0;
    if (auto error = reader.read_int32(section, "section")) {
        return error;
    }
    // Readers do not check the section, because old dumps contain odd values.
    entry.section = static_cast<Section>(section);

    const std::pair<std::optional<std::string>*, const char*> strings[] = {
        {&entry.definition, "defn"},           {&entry.drop_statement, "dropStmt"},
        {&entry.copy_statement, "copyStmt"},   {&entry.namespace_name, "namespace"},
        {&entry.tablespace, "tablespace"},
    };
    for (const auto& [target, name] : strings) {
        if (auto error = reader.read_string(*target, name)) {
            return error;
        }
    }

    if (version >= version_1_14) {
        if (auto error = reader.read_string(entry.table_access_method, "tableam")) {
            return error;
        }
    }
    if (version >= version_1_16) {
        std::int32_t relkind = 0;
        if (auto error = reader.read_int32(relkind, "relkind")) {
            return error;
        }
        entry.relkind = relkind;
    }
    return reader.read_string(entry.owner, "owner");
}

std::error_code read_entry(ByteReader& reader, const ArchiveVersion& version, ParsedTocEntry& out) {
    out.archive_offset = reader.offset();
    if (auto error = read_identity(reader, out.entry)) {
        return error;
    }
    if (auto error = read_statements(reader, version, out.entry)) {
        return error;
    }
    if (auto error = read_string_field(reader, out.with_oids, "with-OIDs flag")) {
        return error;
    }
    if (auto error = read_dependencies(reader, out.entry.dependencies)) {
        return error;
    }
    return reader.read_offset(out.data_offset, "data offset");
}

}  // namespace

std::error_code parse_toc(std::span<const std::uint8_t> bytes, std::size_t base_offset,
                          const ArchiveVersion& version, int integer_size, int offset_size,
                          std::vector<ParsedTocEntry>& out, std::size_t& consumed,
                          protocol::Diagnostics& diagnostics) {
    ByteReader reader(bytes, base_offset);
    reader.set_sizes(integer_size, offset_size);
    reader.set_context("TOC");

    const std::size_t count_offset = reader.offset();
    std::int32_t count = 0;
    if (auto error = reader.read_int32(count, "entry count")) {
        diagnostics.set_client_message(reader.error_message());
        return error;
    }
    if (count < 0) {
        diagnostics.set_client_message(
            "at archive byte " + std::to_string(count_offset) + ", TOC, entry count: " +
            std::to_string(count) + " is negative");
        return errc::integer_out_of_range;
    }

    out.clear();
    for (std::int32_t i = 0; i < count; ++i) {
        reader.set_context("TOC entry " + std::to_string(i + 1) + " of " + std::to_string(count));
        ParsedTocEntry entry;
        if (auto error = read_entry(reader, version, entry)) {
            diagnostics.set_client_message(reader.error_message());
            return error;
        }
        out.push_back(std::move(entry));
    }

    consumed = reader.offset() - base_offset;
    return {};
}

}  // namespace wiredump::dumpfmt
