#include "pipeline/archive_output.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wiredump::pipeline {
namespace {

// The temporary file of the archive being written, for remove_partial_archive_file.
// A signal handler may read it at any moment, so it is a fixed buffer guarded by
// an atomic flag rather than a std::string.
char partial_archive_path[4096];
std::atomic<bool> partial_archive_registered{false};

void register_partial_archive(const std::string& path) {
    if (path.size() >= sizeof partial_archive_path) return;
    std::memcpy(partial_archive_path, path.c_str(), path.size() + 1);
    partial_archive_registered.store(true);
}

void unregister_partial_archive() {
    partial_archive_registered.store(false);
}

std::error_code last_os_error() {
    return {errno, std::generic_category()};
}

std::error_code write_all(int fd, std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return last_os_error();
        }
        bytes = bytes.subspan(static_cast<std::size_t>(written));
    }
    return {};
}

std::error_code pwrite_all(int fd, std::uint64_t position, std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        ssize_t written = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(position));
        if (written < 0) {
            if (errno == EINTR) continue;
            return last_os_error();
        }
        bytes = bytes.subspan(static_cast<std::size_t>(written));
        position += static_cast<std::uint64_t>(written);
    }
    return {};
}

// Renames the temporary file to the final name unless a file exists there.
// The check and the rename are one system call, so a file that appears while
// the dump runs is never replaced. renameat2 with RENAME_NOREPLACE needs
// Linux 3.15 and a file system that supports it. Without it, link(2) gives the
// same guarantee because it fails with EEXIST.
std::error_code rename_without_replacing(const std::string& temporary_path, const std::string& final_path) {
    if (::renameat2(AT_FDCWD, temporary_path.c_str(), AT_FDCWD, final_path.c_str(), RENAME_NOREPLACE) == 0) {
        return {};
    }
    if (errno != EINVAL && errno != ENOSYS) return last_os_error();

    // NOTE: no test runs this fallback, because the file systems of the test
    // machines support RENAME_NOREPLACE. A file system without hard links
    // (vfat, some network file systems) fails here with EPERM, and the dump
    // fails, but -f still works there.
    if (::link(temporary_path.c_str(), final_path.c_str()) != 0) return last_os_error();

    // The archive is in place now. A temporary name that cannot be removed is
    // only clutter, so it does not fail the dump.
    ::unlink(temporary_path.c_str());
    return {};
}

std::string directory_of(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// Returns what to do about the usual reasons a file cannot be created in a
// directory, as the end of an error message.
std::string directory_hint(std::error_code error) {
    if (error == std::errc::no_such_file_or_directory) {
        return "; create the directory first, or write to an existing one";
    }
    if (error == std::errc::permission_denied || error == std::errc::operation_not_permitted) {
        return "; write to a directory this user can write to, or change the directory's permissions";
    }
    if (error == std::errc::read_only_file_system) {
        return "; write to a directory on a writable file system";
    }
    return {};
}

// A file written under "<path>.partial-XXXXXX" and renamed to path by commit().
class FileOutput final : public ArchiveOutput {
public:
    FileOutput(std::string final_path, std::string temporary_path, int fd, ExistingFile existing)
        : final_path_(std::move(final_path)), temporary_path_(std::move(temporary_path)), fd_(fd),
          existing_(existing) {
        register_partial_archive(temporary_path_);
    }

    ~FileOutput() override {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(temporary_path_.c_str());
        unregister_partial_archive();
    }

    std::error_code write(std::span<const std::uint8_t> bytes) override {
        auto error = write_all(fd_, bytes);
        if (!error) position_ += bytes.size();
        return error;
    }

    std::error_code overwrite(std::uint64_t position, std::span<const std::uint8_t> bytes) override {
        return pwrite_all(fd_, position, bytes);
    }

    bool seekable() const override { return true; }
    std::uint64_t position() const override { return position_; }

    std::error_code commit() override {
        if (::fsync(fd_) != 0) return last_os_error();
        if (::close(fd_) != 0) {
            fd_ = -1;
            return last_os_error();
        }
        fd_ = -1;
        if (existing_ == ExistingFile::keep) {
            if (auto error = rename_without_replacing(temporary_path_, final_path_)) return error;
        } else if (::rename(temporary_path_.c_str(), final_path_.c_str()) != 0) {
            return last_os_error();
        }
        committed_ = true;
        unregister_partial_archive();

        // The rename itself is durable only once the directory is synced.
        int directory = ::open(directory_of(final_path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (directory >= 0) {
            ::fsync(directory);
            ::close(directory);
        }
        return {};
    }

private:
    std::string final_path_;
    std::string temporary_path_;
    int fd_;
    ExistingFile existing_;
    std::uint64_t position_ = 0;
    bool committed_ = false;
};

// Standard output. Seekable only when it is a regular file opened at offset 0
// without O_APPEND, because archive offsets are absolute file positions.
class StandardOutput final : public ArchiveOutput {
public:
    StandardOutput() {
        struct stat status {};
        int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
        seekable_ = ::fstat(STDOUT_FILENO, &status) == 0 && S_ISREG(status.st_mode) && flags >= 0 &&
                    (flags & O_APPEND) == 0 && ::lseek(STDOUT_FILENO, 0, SEEK_CUR) == 0;
    }

    std::error_code write(std::span<const std::uint8_t> bytes) override {
        auto error = write_all(STDOUT_FILENO, bytes);
        if (!error) position_ += bytes.size();
        return error;
    }

    std::error_code overwrite(std::uint64_t position, std::span<const std::uint8_t> bytes) override {
        return pwrite_all(STDOUT_FILENO, position, bytes);
    }

    bool seekable() const override { return seekable_; }
    std::uint64_t position() const override { return position_; }

    std::error_code commit() override {
        // Only a regular file can be synced, not a pipe.
        if (seekable_ && ::fsync(STDOUT_FILENO) != 0) return last_os_error();
        return {};
    }

private:
    bool seekable_ = false;
    std::uint64_t position_ = 0;
};

}  // namespace

std::error_code ArchiveOutput::open_file(const std::string& path, std::unique_ptr<ArchiveOutput>& output,
                                         protocol::Diagnostics& diagnostics, ExistingFile existing) {
    struct stat status {};
    if (::stat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) {
        diagnostics.set_client_message("output file \"" + path +
                                       "\" is a directory; give a file name with -f");
        return std::make_error_code(std::errc::is_a_directory);
    }
    // lstat, so that a symbolic link counts as existing even when it dangles,
    // as it does for link(2) and renameat2 at commit().
    if (existing == ExistingFile::keep && ::lstat(path.c_str(), &status) == 0) {
        diagnostics.set_client_message("output file \"" + path +
                                       "\" already exists; give --force to replace it, or choose another name");
        return std::make_error_code(std::errc::file_exists);
    }

    std::string temporary = path + ".partial-XXXXXX";
    int fd = ::mkstemp(temporary.data());
    if (fd < 0) {
        auto error = last_os_error();
        diagnostics.set_client_message("could not create a temporary file in \"" + directory_of(path) +
                                       "\" for output file \"" + path + "\": " + error.message() +
                                       directory_hint(error));
        return error;
    }

    // mkstemp creates the file with mode 0600, so give the archive the mode that
    // fopen would, 0666 less the umask, as pg_dump does.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);

    output = std::make_unique<FileOutput>(path, temporary, fd, existing);
    return {};
}

std::unique_ptr<ArchiveOutput> ArchiveOutput::standard_output() {
    return std::make_unique<StandardOutput>();
}

void remove_partial_archive_file() noexcept {
    if (partial_archive_registered.load()) ::unlink(partial_archive_path);
}

}  // namespace wiredump::pipeline
