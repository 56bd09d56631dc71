#include "dumpfmt/toc_listing.hpp"

#include "dumpfmt/compression_spec.hpp"

#include <ctime>

namespace wiredump::dumpfmt {
namespace {

// Replaces line breaks with spaces so that each entry stays on one line. An
// empty or missing value prints as "-" where pg_restore wants a placeholder
// (the namespace) and as nothing elsewhere.
std::string sanitize_line(const std::optional<std::string>& value, bool dash_when_empty) {
    if (!value || value->empty()) {
        return dash_when_empty ? "-" : "";
    }
    std::string text = *value;
    for (char& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

// Formats the creation time as pg_restore does: the header's struct tm fields
// go through mktime() and back through localtime(), then strftime() with
// "%Y-%m-%d %H:%M:%S %Z".
std::string format_creation_time(const CreationTime& created) {
    std::tm fields{};
    fields.tm_sec = created.second;
    fields.tm_min = created.minute;
    fields.tm_hour = created.hour;
    fields.tm_mday = created.day_of_month;
    fields.tm_mon = created.month;
    fields.tm_year = created.years_since_1900;
    fields.tm_isdst = created.is_dst;
    const std::time_t time = std::mktime(&fields);

    std::tm local{};
    char text[64];
    if (localtime_r(&time, &local) == nullptr ||
        std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %Z", &local) == 0) {
        return "[unknown]";
    }
    return text;
}

std::string format_compression(const ArchiveHeader& header) {
    if (header.stored_level) {
        return std::to_string(*header.stored_level);
    }
    return std::string(compression_name(header.compression.algorithm));
}

bool starts_with_large_object(const std::string& tag) {
    return tag.starts_with("LARGE OBJECT ");
}

}  // namespace

bool is_listed_in_toc_summary(const TocEntry& entry) {
    const std::string& desc = entry.desc;
    if (desc == "ENCODING" || desc == "STDSTRINGS" || desc == "SEARCHPATH") {
        return false;
    }
    if (desc == "<Init>" && entry.tag == "Max OID") {
        return false;
    }

    // Without -C, pg_restore 15 skips the database itself and its properties,
    // comment, ACL and security label, in the listing as in a restore.
    if (desc == "DATABASE" || desc == "DATABASE PROPERTIES") {
        return false;
    }
    if ((desc == "ACL" || desc == "COMMENT" || desc == "SECURITY LABEL") && entry.tag.starts_with("DATABASE ")) {
        return false;
    }

    // An entry with a dumper has a data part. Without one, only SEQUENCE SET
    // and the large object entries count as data, and the others list only
    // when they have a definition to restore.
    if (entry.has_data) {
        return true;
    }
    const bool large_object_item = (desc == "ACL" || desc == "COMMENT" || desc == "SECURITY LABEL") &&
                                   starts_with_large_object(entry.tag);
    if (desc == "SEQUENCE SET" || desc == "BLOB" || large_object_item) {
        return true;
    }
    return entry.definition && !entry.definition->empty();
}

std::string format_toc_summary(const ArchiveHead& head) {
    const ArchiveHeader& header = head.header;
    std::string out;

    out += ";\n; Archive created at " + format_creation_time(header.created) + "\n";
    out += ";     dbname: " + sanitize_line(header.database_name, false) + "\n";
    out += ";     TOC Entries: " + std::to_string(head.toc.size()) + "\n";
    out += ";     Compression: " + format_compression(header) + "\n";
    out += ";     Dump Version: " + std::to_string(header.version.major) + "." +
           std::to_string(header.version.minor) + "-" + std::to_string(header.version.revision) + "\n";
    out += ";     Format: CUSTOM\n";
    out += ";     Integer: " + std::to_string(header.integer_size) + " bytes\n";
    out += ";     Offset: " + std::to_string(header.offset_size) + " bytes\n";
    if (!header.server_version.empty()) {
        out += ";     Dumped from database version: " + header.server_version + "\n";
    }
    if (!header.dumper_version.empty()) {
        out += ";     Dumped by pg_dump version: " + header.dumper_version + "\n";
    }
    out += ";\n;\n; Selected TOC Entries:\n;\n";

    for (const ParsedTocEntry& parsed : head.toc) {
        const TocEntry& entry = parsed.entry;
        if (!is_listed_in_toc_summary(entry)) {
            continue;
        }
        out += std::to_string(entry.dump_id) + "; " + std::to_string(entry.catalog_table_oid) + " " +
               std::to_string(entry.oid) + " " + entry.desc + " " + sanitize_line(entry.namespace_name, true) +
               " " + sanitize_line(entry.tag, false) + " " + sanitize_line(entry.owner, false) + "\n";
    }
    return out;
}

}  // namespace wiredump::dumpfmt
