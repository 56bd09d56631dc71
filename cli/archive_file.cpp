#include "cli/archive_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wiredump::cli {
namespace {

std::error_code system_error_code(int error_number) {
    return {error_number, std::generic_category()};
}

// Closes the descriptor when the scope ends.
struct FileDescriptor {
    int value = -1;
    ~FileDescriptor() {
        if (value >= 0) {
            ::close(value);
        }
    }
};

}  // namespace

ArchiveBytes::~ArchiveBytes() {
    release();
}

void ArchiveBytes::release() {
    if (mapping_ != nullptr) {
        ::munmap(mapping_, mapping_size_);
        mapping_ = nullptr;
        mapping_size_ = 0;
    }
    buffer_.clear();
    view_ = {};
}

std::error_code ArchiveBytes::open_file(const std::string& path, std::string& message) {
    release();

    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.value < 0) {
        const int error_number = errno;
        message = "could not open archive \"" + path + "\": " + std::strerror(error_number);
        return system_error_code(error_number);
    }

    struct stat status{};
    if (::fstat(file.value, &status) != 0) {
        const int error_number = errno;
        message = "could not read the status of archive \"" + path + "\": " + std::strerror(error_number);
        return system_error_code(error_number);
    }
    if (S_ISDIR(status.st_mode)) {
        message = "archive \"" + path + "\" is a directory; give the path of a custom-format archive file";
        return system_error_code(EISDIR);
    }

    if (S_ISREG(status.st_mode) && status.st_size > 0) {
        mapping_size_ = static_cast<std::size_t>(status.st_size);
        void* mapping = ::mmap(nullptr, mapping_size_, PROT_READ, MAP_PRIVATE, file.value, 0);
        if (mapping != MAP_FAILED) {
            mapping_ = mapping;
            view_ = {static_cast<const std::uint8_t*>(mapping_), mapping_size_};
            return {};
        }
        mapping_size_ = 0;
    }

    // Pipes, devices and files that cannot be mapped are read in full.
    std::uint8_t chunk[65536];
    while (true) {
        const ssize_t count = ::read(file.value, chunk, sizeof chunk);
        if (count == 0) {
            break;
        }
        if (count < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int error_number = errno;
            message = "could not read archive \"" + path + "\": " + std::strerror(error_number);
            return system_error_code(error_number);
        }
        buffer_.insert(buffer_.end(), chunk, chunk + count);
    }
    view_ = buffer_;
    return {};
}

std::error_code ArchiveBytes::read_stream(std::istream& input, std::string& message) {
    release();

    char chunk[65536];
    while (input.read(chunk, sizeof chunk) || input.gcount() > 0) {
        const auto* begin = reinterpret_cast<const std::uint8_t*>(chunk);
        buffer_.insert(buffer_.end(), begin, begin + input.gcount());
    }
    if (input.bad()) {
        message = "could not read the archive from standard input";
        return system_error_code(EIO);
    }
    view_ = buffer_;
    return {};
}

}  // namespace wiredump::cli
