#include "pipeline/manifest_recorder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace wiredump::pipeline {
namespace {

std::error_code last_os_error() {
    return {errno, std::generic_category()};
}

std::error_code write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return last_os_error();
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
}

}  // namespace

dumpfmt::CopyDataHasher& ManifestRecorder::begin_table(const dumpfmt::TocEntry& entry) {
    table_.emplace();
    table_->dump_id = entry.dump_id;
    table_->schema = entry.namespace_name.value_or("");
    table_->name = entry.tag;
    table_hasher_.emplace();
    return *table_hasher_;
}

void ManifestRecorder::end_table() {
    if (!table_ || !table_hasher_) return;
    table_hasher_->finish();
    table_->rows = table_hasher_->rows();
    table_->bytes = table_hasher_->size();
    table_->hash = table_hasher_->digest();
    manifest_.tables.push_back(std::move(*table_));
    table_.reset();
    table_hasher_.reset();
}

void ManifestRecorder::begin_large_object(std::uint32_t oid) {
    large_object_oid_ = oid;
    large_object_hasher_.emplace();
}

void ManifestRecorder::large_object_bytes(std::span<const std::uint8_t> bytes) {
    if (large_object_hasher_) large_object_hasher_->update(bytes);
}

void ManifestRecorder::end_large_object() {
    if (!large_object_hasher_) return;
    manifest_.large_objects.push_back(
        {large_object_oid_, large_object_hasher_->size(), large_object_hasher_->digest()});
    large_object_hasher_.reset();
}

std::error_code HashingArchiveOutput::write(std::span<const std::uint8_t> bytes) {
    auto error = inner_->write(bytes);
    if (!error) hasher_.update(bytes);
    return error;
}

std::error_code HashingArchiveOutput::overwrite(std::uint64_t position, std::span<const std::uint8_t> bytes) {
    overwritten_ = true;
    return inner_->overwrite(position, bytes);
}

std::string manifest_path_for(const DumpOptions& options) {
    if (!options.manifest_path.empty()) return options.manifest_path;
    if (options.output_path.empty()) return "";
    return options.output_path + ".manifest.json";
}

std::error_code write_dump_manifest(const DumpOptions& options, ManifestRecorder& recorder,
                                    const HashingArchiveOutput& output, protocol::Diagnostics& diagnostics) {
    const std::string path = manifest_path_for(options);
    if (path.empty()) return {};

    dumpfmt::ManifestArchive archive;
    if (!output.overwritten()) {
        archive.size = output.hasher().size();
        archive.hash = output.hasher().digest();
    } else {
        // A seekable standard output is a regular file, which Linux lets us
        // open again for reading through /proc.
        const std::string archive_path = options.output_path.empty() ? "/proc/self/fd/1" : options.output_path;
        if (auto error = hash_archive_file(archive_path, archive, diagnostics)) return error;
    }
    const std::size_t slash = options.output_path.rfind('/');
    archive.file_name = slash == std::string::npos ? options.output_path : options.output_path.substr(slash + 1);

    dumpfmt::Manifest& manifest = recorder.manifest();
    manifest.generator = std::string("wiredump ") + WIREDUMP_VERSION;
    manifest.archive = std::move(archive);
    return write_manifest_file(path, dumpfmt::format_manifest(manifest), diagnostics);
}

std::error_code hash_archive_file(const std::string& path, dumpfmt::ManifestArchive& out,
                                  protocol::Diagnostics& diagnostics) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        auto error = last_os_error();
        diagnostics.set_client_message("could not open \"" + path + "\" to hash the finished archive: " +
                                       error.message());
        return error;
    }

    dumpfmt::StreamHasher hasher;
    std::vector<std::uint8_t> buffer(1 << 20);
    while (true) {
        const ssize_t count = ::read(fd, buffer.data(), buffer.size());
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) {
            auto error = last_os_error();
            ::close(fd);
            diagnostics.set_client_message("could not read \"" + path + "\" to hash the finished archive: " +
                                           error.message());
            return error;
        }
        if (count == 0) break;
        hasher.update(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(count)));
    }
    ::close(fd);

    out.size = hasher.size();
    out.hash = hasher.digest();
    return {};
}

std::error_code write_manifest_file(const std::string& path, std::string_view text,
                                    protocol::Diagnostics& diagnostics) {
    std::string temporary = path + ".partial-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) {
        auto error = last_os_error();
        diagnostics.set_client_message("could not create a temporary file for manifest \"" + path +
                                       "\": " + error.message());
        return error;
    }

    // mkstemp uses mode 0600; give the manifest the archive's mode, 0666 less the umask.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);

    std::error_code error = write_all(fd, text);
    if (!error && ::fsync(fd) != 0) error = last_os_error();
    if (::close(fd) != 0 && !error) error = last_os_error();
    if (!error && ::rename(temporary.c_str(), path.c_str()) != 0) error = last_os_error();
    if (error) {
        ::unlink(temporary.c_str());
        diagnostics.set_client_message("could not write manifest \"" + path + "\": " + error.message());
    }
    return error;
}

}  // namespace wiredump::pipeline
