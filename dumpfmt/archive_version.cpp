#include "dumpfmt/archive_version.hpp"

#include "dumpfmt/errc.hpp"
#include "dumpfmt/header.hpp"

namespace wiredump::dumpfmt {

std::string ArchiveVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(revision);
}

namespace {

std::string major_and_minor(const ArchiveVersion& version) {
    return std::to_string(version.major) + "." + std::to_string(version.minor);
}

}  // namespace

std::error_code parse_written_version(std::string_view text, ArchiveVersion& out,
                                      protocol::Diagnostics& diagnostics) {
    for (const ArchiveVersion& version : {version_1_14, version_1_15, version_1_16}) {
        if (text == major_and_minor(version) || text == version.to_string()) {
            out = version;
            return {};
        }
    }
    diagnostics.set_client_message("invalid archive version \"" + std::string(text) +
                                   "\": use 1.14 (pg_restore 12 and later), 1.15 (pg_restore 16 and "
                                   "later) or 1.16 (pg_restore 17 and later)");
    return errc::invalid_argument;
}

std::error_code choose_written_version(CompressionAlgorithm algorithm, std::optional<ArchiveVersion> requested,
                                       ArchiveVersion& out, protocol::Diagnostics& diagnostics) {
    const bool needs_algorithm_byte = algorithm == CompressionAlgorithm::lz4 || algorithm == CompressionAlgorithm::zstd;
    if (!requested) {
        out = needs_algorithm_byte ? version_1_15 : version_1_14;
        return {};
    }

    // Before 1.15 the header stores only a zlib level, so it cannot name lz4 or zstd.
    if (needs_algorithm_byte && *requested < version_1_15) {
        const std::string name = algorithm == CompressionAlgorithm::lz4 ? "lz4" : "zstd";
        diagnostics.set_client_message("archive version " + major_and_minor(*requested) + " cannot store " + name +
                                       " compression, because its header holds only a zlib level; use "
                                       "--archive-version=1.15 (pg_restore 16 and later) or 1.16, or "
                                       "compress with gzip (-Z gzip) for pg_restore 12 to 15");
        return errc::invalid_argument;
    }
    out = *requested;
    return {};
}

int first_pg_restore_major(const ArchiveVersion& version) {
    if (version >= version_1_16) {
        return 17;
    }
    if (version >= version_1_15) {
        return 16;
    }
    return 12;
}

}  // namespace wiredump::dumpfmt
