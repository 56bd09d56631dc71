#include "dumpfmt/archive_version.hpp"

namespace wiredump::dumpfmt {

std::string ArchiveVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(revision);
}

}  // namespace wiredump::dumpfmt
