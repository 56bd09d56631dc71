#include "cli/app.hpp"
#include "cli/command_line.hpp"
#include "cli/output_name.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using wiredump::cli::CommandAction;
using wiredump::cli::parse_command_line;
using wiredump::cli::ParsedCommand;
using wiredump::cli::resolve_output_target;
using wiredump::cli::timestamped_file_name;
using wiredump::pipeline::ExistingFile;

namespace {

// 2026-03-07 09:05:59 local time.
std::tm fixed_time() {
    std::tm time{};
    time.tm_year = 2026 - 1900;
    time.tm_mon = 2;
    time.tm_mday = 7;
    time.tm_hour = 9;
    time.tm_min = 5;
    time.tm_sec = 59;
    return time;
}

ParsedCommand parse_dump(std::vector<std::string> options) {
    options.insert(options.begin(), "dump");
    options.emplace_back("sales");
    return parse_command_line(options);
}

}  // namespace

TEST_CASE("timestamped name pads every field", "[output_name]") {
    CHECK(timestamped_file_name(fixed_time()) == "20260307-0905.dump");

    std::tm late = fixed_time();
    late.tm_mon = 11;
    late.tm_mday = 31;
    late.tm_hour = 23;
    late.tm_min = 59;
    CHECK(timestamped_file_name(late) == "20261231-2359.dump");
}

TEST_CASE("output dir gets timestamped name", "[output_name]") {
    const ParsedCommand parsed = parse_dump({"--output-dir", "/backups"});
    REQUIRE(parsed.action == CommandAction::run_dump);

    const auto target = resolve_output_target(parsed.dump, fixed_time());
    CHECK(target.path == "/backups/20260307-0905.dump");
    CHECK(target.existing_file == ExistingFile::keep);
}

TEST_CASE("output dir with trailing slash", "[output_name]") {
    const ParsedCommand parsed = parse_dump({"--output-dir=/backups/"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(resolve_output_target(parsed.dump, fixed_time()).path == "/backups/20260307-0905.dump");
}

TEST_CASE("filename inside output dir", "[output_name]") {
    const ParsedCommand parsed = parse_dump({"--output-dir", "out", "--filename", "nightly.dump"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(resolve_output_target(parsed.dump, fixed_time()).path == "out/nightly.dump");
}

TEST_CASE("filename alone in current directory", "[output_name]") {
    const ParsedCommand parsed = parse_dump({"--filename", "nightly.dump"});
    REQUIRE(parsed.action == CommandAction::run_dump);

    const auto target = resolve_output_target(parsed.dump, fixed_time());
    CHECK(target.path == "nightly.dump");
    CHECK(target.existing_file == ExistingFile::keep);
}

TEST_CASE("force lets output dir replace", "[output_name]") {
    const ParsedCommand parsed = parse_dump({"--output-dir", "out", "--force"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(resolve_output_target(parsed.dump, fixed_time()).existing_file == ExistingFile::replace);
}

TEST_CASE("file option keeps pg_dump meaning", "[output_name]") {
    for (const auto& options : {std::vector<std::string>{"-f", "a.dump"}, {"-f", "a.dump", "--force"}}) {
        const ParsedCommand parsed = parse_dump(options);
        REQUIRE(parsed.action == CommandAction::run_dump);

        const auto target = resolve_output_target(parsed.dump, fixed_time());
        CHECK(target.path == "a.dump");
        CHECK(target.existing_file == ExistingFile::replace);
    }
}

TEST_CASE("no output option means standard output", "[output_name]") {
    const ParsedCommand parsed = parse_dump({});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(resolve_output_target(parsed.dump, fixed_time()).path.empty());
}

TEST_CASE("contradictory output options rejected", "[output_name]") {
    struct Case {
        std::vector<std::string> options;
        std::string message_part;
    };
    const std::vector<Case> cases = {
        {{"-f", "a.dump", "--output-dir", "out"}, "-f/--file cannot be used together with --output-dir"},
        {{"-f", "a.dump", "--filename", "b.dump"}, "-f/--file cannot be used together with --output-dir"},
        {{"--force"}, "--force needs --output-dir or --filename"},
        {{"--output-dir="}, "invalid output directory \"\""},
        {{"--filename", "sub/b.dump"}, "invalid file name \"sub/b.dump\""},
        {{"--filename", ".."}, "invalid file name \"..\""},
        {{"--filename="}, "invalid file name \"\""},
        {{"--output-dir"}, "option \"--output-dir\" requires a value"},
    };
    for (const Case& test : cases) {
        CAPTURE(test.options);
        std::vector<std::string> arguments = test.options;
        arguments.insert(arguments.begin(), "dump");
        const ParsedCommand parsed = parse_command_line(arguments);
        CHECK(parsed.action == CommandAction::usage_error);
        CHECK_THAT(parsed.error_message, Catch::Contains(test.message_part));
    }
}

TEST_CASE("app names archive from clock", "[output_name]") {
    wiredump::cli::CliContext context;
    std::ostringstream out;
    std::ostringstream err;
    std::vector<wiredump::pipeline::DumpOptions> dumps;
    context.os_user = "osuser";
    context.out = &out;
    context.err = &err;
    context.read_password_file = [](const std::string&) { return std::optional<std::string>(); };
    context.local_time = fixed_time;
    context.run_dump = [&dumps](const wiredump::pipeline::DumpOptions& options, const wiredump::pipeline::LogSink&,
                                wiredump::protocol::Diagnostics&) {
        dumps.push_back(options);
        return std::error_code();
    };

    CHECK(run_cli({"dump", "--output-dir", "/backups", "sales"}, context) == 0);
    REQUIRE(dumps.size() == 1);
    CHECK(dumps[0].output_path == "/backups/20260307-0905.dump");
    CHECK(dumps[0].existing_file == ExistingFile::keep);
    CHECK(err.str().empty());
}

TEST_CASE("dump help lists every long option", "[output_name]") {
    const std::string help = wiredump::cli::dump_help_text();
    const auto names = wiredump::cli::dump_long_option_names();
    CHECK(names.size() > 10);
    for (const std::string& name : names) {
        CAPTURE(name);
        CHECK_THAT(help, Catch::Contains("--" + name));
    }
}
