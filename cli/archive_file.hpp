#pragma once

#include <cstdint>
#include <istream>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace wiredump::cli {

// The bytes of a whole archive: a regular file mapped read-only, or standard
// input (or another stream) copied into memory.
class ArchiveBytes {
public:
    ArchiveBytes() = default;
    ArchiveBytes(const ArchiveBytes&) = delete;
    ArchiveBytes& operator=(const ArchiveBytes&) = delete;
    ~ArchiveBytes();

    std::span<const std::uint8_t> bytes() const { return view_; }

    // Maps the file at `path`. A file that cannot be mapped (a pipe, a
    // character device) is read into memory instead. On failure `message`
    // names the path and the reason.
    std::error_code open_file(const std::string& path, std::string& message);

    // Reads `input` to its end.
    // NOTE: the whole stream is kept in memory, so verifying a large archive
    // from standard input needs as much memory as the archive is long.
    std::error_code read_stream(std::istream& input, std::string& message);

private:
    void release();

    void* mapping_ = nullptr;
    std::size_t mapping_size_ = 0;
    std::vector<std::uint8_t> buffer_;
    std::span<const std::uint8_t> view_;
};

}  // namespace wiredump::cli
