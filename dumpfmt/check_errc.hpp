#pragma once

#include <system_error>

namespace wiredump::dumpfmt {

// Problems that "wiredump verify" finds in an archive that parses, beyond the
// reading errors of errc.
enum class check_errc {
    duplicate_dump_id = 1,     // two TOC entries have the same dump id
    missing_dependency,        // a dependency names a dump id that no entry has
    missing_data_block,        // an entry with data has no data block
    unexpected_data_block,     // a block whose dump id has no entry with data, or a second block
    missing_end_marker,        // COPY data does not end with the line "\."
    data_after_end_marker,     // COPY data has more than empty lines after "\."
    unterminated_line,         // COPY data ends inside a line
    field_count_mismatch,      // a COPY row whose field count differs from the column list
    section_out_of_order,      // a TOC entry of an earlier section after one of a later section
    invalid_manifest,          // the manifest is not a manifest this version can read
    manifest_mismatch,         // the archive or a database differs from its manifest
};

const std::error_category& check_category();

inline std::error_code make_error_code(check_errc value) {
    return {static_cast<int>(value), check_category()};
}

}  // namespace wiredump::dumpfmt

template <>
struct std::is_error_code_enum<wiredump::dumpfmt::check_errc> : std::true_type {};
