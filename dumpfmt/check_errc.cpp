#include "dumpfmt/check_errc.hpp"

#include <string>

namespace wiredump::dumpfmt {
namespace {

class CheckCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.check"; }

    std::string message(int value) const override {
        switch (static_cast<check_errc>(value)) {
        case check_errc::duplicate_dump_id:
            return "two TOC entries have the same dump id, so the TOC is corrupt";
        case check_errc::missing_dependency:
            return "a TOC entry depends on a dump id that no entry has";
        case check_errc::missing_data_block:
            return "a TOC entry with data has no data block, so its data cannot be restored";
        case check_errc::unexpected_data_block:
            return "a data block belongs to no TOC entry with data";
        case check_errc::missing_end_marker:
            return "COPY data does not end with the end-of-data line \\.";
        case check_errc::data_after_end_marker:
            return "COPY data continues after the end-of-data line \\.";
        case check_errc::unterminated_line:
            return "COPY data ends inside a line";
        case check_errc::field_count_mismatch:
            return "a COPY row has a different number of fields than the COPY column list";
        case check_errc::section_out_of_order:
            return "a TOC entry comes after an entry of a later section";
        case check_errc::invalid_manifest:
            return "the manifest cannot be read";
        case check_errc::manifest_mismatch:
            return "the data differs from what the manifest records";
        }
        return "unknown archive check error";
    }
};

}  // namespace

const std::error_category& check_category() {
    static const CheckCategory category;
    return category;
}

}  // namespace wiredump::dumpfmt
