#include "pipeline/archive_output.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using wiredump::pipeline::ArchiveOutput;
using wiredump::pipeline::ExistingFile;

namespace {

// A fresh empty directory under the system temporary directory.
fs::path make_scratch_directory() {
    std::string pattern = (fs::temp_directory_path() / "wiredump-output-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    return pattern;
}

std::vector<fs::path> directory_entries(const fs::path& directory) {
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(directory)) entries.push_back(entry.path());
    return entries;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

TEST_CASE("archive file appears only on commit") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;

    REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics));
    REQUIRE_FALSE(output->write(bytes_of("PGDMP-header")));
    CHECK_FALSE(fs::exists(final_path));
    CHECK(output->position() == 12);

    REQUIRE_FALSE(output->commit());
    CHECK(read_file(final_path) == "PGDMP-header");
    CHECK(directory_entries(directory).size() == 1);
    fs::remove_all(directory);
}

TEST_CASE("archive file removed without commit") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    wiredump::protocol::Diagnostics diagnostics;
    {
        std::unique_ptr<ArchiveOutput> output;
        REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics));
        REQUIRE_FALSE(output->write(bytes_of("half an archive")));
        CHECK(directory_entries(directory).size() == 1);
    }
    CHECK(directory_entries(directory).empty());
    fs::remove_all(directory);
}

TEST_CASE("archive file keeps old file until commit") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    std::ofstream(final_path) << "previous backup";
    wiredump::protocol::Diagnostics diagnostics;
    {
        std::unique_ptr<ArchiveOutput> output;
        REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics));
        REQUIRE_FALSE(output->write(bytes_of("new")));
    }
    CHECK(read_file(final_path) == "previous backup");
    fs::remove_all(directory);
}

TEST_CASE("archive file overwrite keeps position") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;

    REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics));
    REQUIRE(output->seekable());
    REQUIRE_FALSE(output->write(bytes_of("aaaaaaaa")));
    REQUIRE_FALSE(output->overwrite(2, bytes_of("XY")));
    REQUIRE_FALSE(output->write(bytes_of("bb")));
    REQUIRE_FALSE(output->commit());
    CHECK(read_file(final_path) == "aaXYaaaabb");
    fs::remove_all(directory);
}

TEST_CASE("partial archive removed on signal") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;

    REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics));
    REQUIRE_FALSE(output->write(bytes_of("half an archive")));
    REQUIRE(directory_entries(directory).size() == 1);

    wiredump::pipeline::remove_partial_archive_file();
    CHECK(directory_entries(directory).empty());
    output.reset();
    fs::remove_all(directory);
}

TEST_CASE("committed archive survives signal cleanup") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;

    REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics));
    REQUIRE_FALSE(output->write(bytes_of("complete")));
    REQUIRE_FALSE(output->commit());
    wiredump::pipeline::remove_partial_archive_file();
    CHECK(read_file(final_path) == "complete");
    fs::remove_all(directory);
}

TEST_CASE("archive file in missing directory") {
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;
    auto error = ArchiveOutput::open_file("/nonexistent-wiredump-directory/backup.dump", output, diagnostics);
    CHECK(error);
    CHECK_THAT(diagnostics.client_message(), Catch::Contains("/nonexistent-wiredump-directory"));
    CHECK_THAT(diagnostics.client_message(), Catch::Contains("backup.dump"));
}

TEST_CASE("archive file path is a directory") {
    auto directory = make_scratch_directory();
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;
    auto error = ArchiveOutput::open_file(directory.string(), output, diagnostics);
    CHECK(error == std::errc::is_a_directory);
    CHECK_THAT(diagnostics.client_message(), Catch::Contains("is a directory"));
    fs::remove_all(directory);
}

TEST_CASE("keep mode rejects existing file at open") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    std::ofstream(final_path) << "first archive";
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;

    auto error = ArchiveOutput::open_file(final_path.string(), output, diagnostics, ExistingFile::keep);
    CHECK(error == std::errc::file_exists);
    CHECK(output == nullptr);
    CHECK_THAT(diagnostics.client_message(), Catch::Contains("already exists; give --force"));
    CHECK(read_file(final_path) == "first archive");
    CHECK(directory_entries(directory).size() == 1);
    fs::remove_all(directory);
}

TEST_CASE("keep mode commit refuses file created meanwhile") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;

    REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics, ExistingFile::keep));
    REQUIRE_FALSE(output->write(bytes_of("second archive")));
    std::ofstream(final_path) << "first archive";

    CHECK(output->commit() == std::errc::file_exists);
    output.reset();
    CHECK(read_file(final_path) == "first archive");
    CHECK(directory_entries(directory).size() == 1);
    fs::remove_all(directory);
}

TEST_CASE("keep mode commit writes new file") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;

    REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics, ExistingFile::keep));
    REQUIRE_FALSE(output->write(bytes_of("PGDMP")));
    REQUIRE_FALSE(output->commit());
    output.reset();
    CHECK(read_file(final_path) == "PGDMP");
    CHECK(directory_entries(directory).size() == 1);
    fs::remove_all(directory);
}

TEST_CASE("replace mode overwrites existing file") {
    auto directory = make_scratch_directory();
    auto final_path = directory / "backup.dump";
    std::ofstream(final_path) << "first archive";
    wiredump::protocol::Diagnostics diagnostics;
    std::unique_ptr<ArchiveOutput> output;

    REQUIRE_FALSE(ArchiveOutput::open_file(final_path.string(), output, diagnostics));
    REQUIRE_FALSE(output->write(bytes_of("second archive")));
    REQUIRE_FALSE(output->commit());
    output.reset();
    CHECK(read_file(final_path) == "second archive");
    fs::remove_all(directory);
}
