#include "cli/command_line.hpp"

#include <catch2/catch.hpp>

using wiredump::cli::CommandAction;
using wiredump::cli::parse_command_line;
using wiredump::cli::ParsedCommand;
namespace dumpfmt = wiredump::dumpfmt;

namespace {

ParsedCommand parse(std::vector<std::string> arguments) {
    return parse_command_line(arguments);
}

void check_usage_error(std::vector<std::string> arguments, const std::string& message_part) {
    const ParsedCommand parsed = parse(arguments);
    INFO("message: " << parsed.error_message);
    CHECK(parsed.action == CommandAction::usage_error);
    CHECK(parsed.error_message.find(message_part) != std::string::npos);
}

}  // namespace

TEST_CASE("command line short options", "[command_line]") {
    const ParsedCommand parsed =
        parse({"dump", "-h", "db", "-p", "6543", "-U", "alice", "-f", "out.dump", "-F", "c", "-Z", "3", "-v", "-w",
               "sales"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(parsed.dump.host == "db");
    CHECK(parsed.dump.port == "6543");
    CHECK(parsed.dump.user == "alice");
    CHECK(parsed.dump.output_path == "out.dump");
    CHECK(parsed.dump.compression.compression.algorithm == dumpfmt::CompressionAlgorithm::gzip);
    CHECK(parsed.dump.compression.compression.level == 3);
    CHECK(parsed.dump.verbose);
    CHECK(parsed.dump.no_password);
    CHECK_FALSE(parsed.dump.force_password);
    CHECK(parsed.dump.dbname == "sales");
}

TEST_CASE("command line long options", "[command_line]") {
    const ParsedCommand parsed =
        parse({"dump", "--host=db", "--port", "6543", "--username=alice", "--dbname=sales", "--file=out.dump",
               "--format=custom", "--compress=0", "--verbose", "--password"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(parsed.dump.host == "db");
    CHECK(parsed.dump.port == "6543");
    CHECK(parsed.dump.user == "alice");
    CHECK(parsed.dump.dbname == "sales");
    CHECK(parsed.dump.output_path == "out.dump");
    CHECK(parsed.dump.compression.compression.algorithm == dumpfmt::CompressionAlgorithm::none);
    CHECK(parsed.dump.force_password);
}

TEST_CASE("command line defaults", "[command_line]") {
    const ParsedCommand parsed = parse({"dump"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK_FALSE(parsed.dump.host);
    CHECK_FALSE(parsed.dump.port);
    CHECK_FALSE(parsed.dump.user);
    CHECK_FALSE(parsed.dump.dbname);
    CHECK(parsed.dump.output_path.empty());
    CHECK(parsed.dump.compression.compression.algorithm == dumpfmt::CompressionAlgorithm::gzip);
    CHECK(parsed.dump.compression.compression.level == 9);
    CHECK_FALSE(parsed.dump.archive_version);
    CHECK_FALSE(parsed.dump.verbose);
}

TEST_CASE("command line options after dbname", "[command_line]") {
    const ParsedCommand parsed = parse({"dump", "sales", "-f", "out.dump"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(parsed.dump.dbname == "sales");
    CHECK(parsed.dump.output_path == "out.dump");
}

TEST_CASE("command line format spellings", "[command_line]") {
    for (const char* format : {"c", "custom", "C", "Custom"}) {
        INFO(format);
        CHECK(parse({"dump", "-F", format}).action == CommandAction::run_dump);
    }
    for (const char* format : {"p", "plain", "d", "directory", "t", "tar"}) {
        INFO(format);
        check_usage_error({"dump", "-F", format}, "only the custom format (-F c) is supported for now");
    }
    check_usage_error({"dump", "--format=x"}, "invalid archive format \"x\"");
}

TEST_CASE("command line compression levels", "[command_line]") {
    for (int level = 1; level <= 9; ++level) {
        const dumpfmt::Compression compression = parse({"dump", "-Z", std::to_string(level)}).dump.compression.compression;
        CHECK(compression.algorithm == dumpfmt::CompressionAlgorithm::gzip);
        CHECK(compression.level == level);
    }
    for (const char* value : {"10", "", "x", "5x", "gzip:10", " 5"}) {
        INFO(value);
        check_usage_error({"dump", "-Z", value}, "invalid compression \"" + std::string(value) + "\"");
    }
}

TEST_CASE("command line compression methods", "[command_line]") {
    const ParsedCommand zstd = parse({"dump", "--compress=zstd:level=19,long"});
    REQUIRE(zstd.action == CommandAction::run_dump);
    CHECK(zstd.dump.compression.compression.algorithm == dumpfmt::CompressionAlgorithm::zstd);
    CHECK(zstd.dump.compression.compression.level == 19);
    CHECK(zstd.dump.compression.compression.long_distance);

    const ParsedCommand lz4 = parse({"dump", "-Z", "lz4:5", "--archive-version", "1.16"});
    REQUIRE(lz4.action == CommandAction::run_dump);
    CHECK(lz4.dump.compression.compression.algorithm == dumpfmt::CompressionAlgorithm::lz4);
    CHECK(lz4.dump.archive_version == dumpfmt::version_1_16);
}

TEST_CASE("command line deflate engine", "[command_line]") {
    CHECK(parse({"dump"}).dump.deflate_engine == dumpfmt::DeflateEngine::zlib);
    CHECK(parse({"dump", "--deflate=zlib"}).dump.deflate_engine == dumpfmt::DeflateEngine::zlib);

    // -Z after --deflate replaces the compression spec but keeps the engine.
    const ParsedCommand parsed = parse({"dump", "--deflate", "libdeflate", "-Z", "6"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(parsed.dump.deflate_engine == dumpfmt::DeflateEngine::libdeflate);
    CHECK(parsed.dump.compression.compression.level == 6);

    check_usage_error({"dump", "--deflate=pigz"}, "invalid deflate engine \"pigz\": use zlib or libdeflate");
    check_usage_error({"dump", "--deflate="}, "invalid deflate engine \"\"");
}

TEST_CASE("command line archive versions", "[command_line]") {
    CHECK(parse({"dump", "--archive-version=1.14"}).dump.archive_version == dumpfmt::version_1_14);
    CHECK(parse({"dump", "--archive-version=1.15.0"}).dump.archive_version == dumpfmt::version_1_15);
    check_usage_error({"dump", "--archive-version=1.13"}, "invalid archive version \"1.13\"");
    check_usage_error({"dump", "--archive-version=2"}, "invalid archive version \"2\"");
    check_usage_error({"dump", "-Z", "zstd", "--archive-version=1.14"},
                      "archive version 1.14 cannot store zstd compression");
    check_usage_error({"dump", "-Z", "lz4", "--archive-version=1.14"}, "use --archive-version=1.15");
}

TEST_CASE("command line usage errors", "[command_line]") {
    check_usage_error({}, "no command given");
    check_usage_error({"restore"}, "unknown command \"restore\"");
    check_usage_error({"--bogus"}, "invalid option \"--bogus\"");
    check_usage_error({"dump", "--bogus"}, "invalid option \"--bogus\"");
    check_usage_error({"dump", "--bogus=1"}, "invalid option \"--bogus\"");
    check_usage_error({"dump", "-y"}, "invalid option \"-y\"");
    check_usage_error({"dump", "-vy"}, "invalid option \"-y\"");
    check_usage_error({"dump", "--inserts"}, "pg_dump's option \"--inserts\" is not supported by wiredump: table data");
    check_usage_error({"dump", "--rows-per-insert=10"}, "pg_dump's option \"--rows-per-insert\" is not supported");
    check_usage_error({"dump", "-S", "postgres"}, "pg_dump's option \"-S\" is not supported by wiredump: give");
    check_usage_error({"dump", "-f"}, "option \"-f\" requires a value");
    check_usage_error({"dump", "--file"}, "option \"--file\" requires a value");
    check_usage_error({"dump", "a", "b"}, "too many command-line arguments (first is \"b\")");
    check_usage_error({"dump", "-d", "a", "b"}, "too many command-line arguments (first is \"b\")");
    check_usage_error({"dump", "-w", "-W"}, "cannot be used together");
    check_usage_error({"help", "restore"}, "no help is available for \"restore\"");
}

TEST_CASE("command line help and version", "[command_line]") {
    CHECK(parse({"--help"}).action == CommandAction::show_help);
    CHECK(parse({"-?"}).action == CommandAction::show_help);
    CHECK(parse({"help"}).action == CommandAction::show_help);
    CHECK(parse({"help", "dump"}).action == CommandAction::show_dump_help);
    CHECK(parse({"dump", "--help"}).action == CommandAction::show_dump_help);
    CHECK(parse({"dump", "-?"}).action == CommandAction::show_dump_help);
    CHECK(parse({"dump", "-h", "x", "--help"}).action == CommandAction::show_dump_help);
    CHECK(parse({"--version"}).action == CommandAction::show_version);
    CHECK(parse({"-V"}).action == CommandAction::show_version);
    CHECK(parse({"dump", "-V"}).action == CommandAction::show_version);
    CHECK(parse({"dump", "--version"}).action == CommandAction::show_version);
}

TEST_CASE("command line repeated parsing", "[command_line]") {
    // getopt keeps global state; each call must start afresh.
    check_usage_error({"dump", "-y"}, "invalid option \"-y\"");
    const ParsedCommand parsed = parse({"dump", "-h", "a"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    CHECK(parsed.dump.host == "a");
    CHECK(parse({"dump", "-h", "b"}).dump.host == "b");
}

TEST_CASE("command line selection options", "[command_line]") {
    const ParsedCommand parsed =
        parse({"dump", "-n", "a?c", "--schema=\"Mixed Case\"", "-N", "x", "-t", "public.t*",
               "--exclude-table", "*log*", "--exclude-table-data=big", "-e", "hstore", "--strict-names",
               "--include-foreign-data=loop*", "db"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    const auto& selection = parsed.dump.selection;
    CHECK(selection.schemas == std::vector<std::string>{"a?c", "\"Mixed Case\""});
    CHECK(selection.excluded_schemas == std::vector<std::string>{"x"});
    CHECK(selection.tables == std::vector<std::string>{"public.t*"});
    CHECK(selection.excluded_tables == std::vector<std::string>{"*log*"});
    CHECK(selection.excluded_table_data == std::vector<std::string>{"big"});
    CHECK(selection.extensions == std::vector<std::string>{"hstore"});
    CHECK(selection.foreign_servers == std::vector<std::string>{"loop*"});
    CHECK(selection.strict_names);
    CHECK(parsed.dump.dbname == "db");
}

TEST_CASE("command line content options", "[command_line]") {
    using wiredump::ddl::LargeObjectChoice;

    const ParsedCommand parsed = parse({"dump", "-s", "-x", "-B", "--no-comments", "--no-publications",
                                        "--no-subscriptions", "--no-security-labels", "--no-unlogged-table-data",
                                        "--load-via-partition-root", "--section=pre-data", "--section", "post-data"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    const auto& content = parsed.dump.content;
    CHECK(content.schema_only);
    CHECK(content.no_privileges);
    CHECK(content.large_objects == LargeObjectChoice::exclude);
    CHECK(content.no_comments);
    CHECK(content.no_publications);
    CHECK(content.no_subscriptions);
    CHECK(content.no_security_labels);
    CHECK(content.no_unlogged_table_data);
    CHECK(content.load_via_partition_root);
    CHECK(content.sections == (wiredump::ddl::pre_data_section | wiredump::ddl::post_data_section));

    // -b wins over -B whatever their order, as in pg_dump 15.
    CHECK(parse({"dump", "-b", "-B"}).dump.content.large_objects == LargeObjectChoice::include);
    CHECK(parse({"dump", "--no-blobs", "--blobs"}).dump.content.large_objects == LargeObjectChoice::include);
    CHECK(parse({"dump"}).dump.content.sections == wiredump::ddl::all_sections);
}

TEST_CASE("command line session options", "[command_line]") {
    const ParsedCommand parsed =
        parse({"dump", "-E", "LATIN1", "--role=backup", "--snapshot=00000003-0000001B-1", "--lock-wait-timeout=10s",
               "--serializable-deferrable", "--enable-row-security", "--quote-all-identifiers"});
    REQUIRE(parsed.action == CommandAction::run_dump);
    const auto& session = parsed.dump.session;
    CHECK(session.encoding == "LATIN1");
    CHECK(session.role == "backup");
    CHECK(session.snapshot == "00000003-0000001B-1");
    CHECK(session.lock_wait_timeout == "10s");
    CHECK(session.serializable_deferrable);
    CHECK(session.enable_row_security);
    CHECK(session.quote_all_identifiers);
}

TEST_CASE("command line toast compression option", "[command_line]") {
    CHECK_FALSE(parse({"dump"}).dump.content.no_toast_compression);
    CHECK(parse({"dump", "--no-toast-compression"}).dump.content.no_toast_compression);
}

TEST_CASE("command line extra float digits", "[command_line]") {
    CHECK_FALSE(parse({"dump"}).dump.session.extra_float_digits.has_value());
    CHECK(parse({"dump", "--extra-float-digits=-15"}).dump.session.extra_float_digits == -15);
    CHECK(parse({"dump", "--extra-float-digits", "3"}).dump.session.extra_float_digits == 3);
    CHECK(parse({"dump", "--extra-float-digits=+1"}).dump.session.extra_float_digits == 1);
    // pg_dump 15 accepts blanks around the number and reads an empty value as 0.
    CHECK(parse({"dump", "--extra-float-digits= 2 "}).dump.session.extra_float_digits == 2);
    CHECK(parse({"dump", "--extra-float-digits="}).dump.session.extra_float_digits == 0);
}

TEST_CASE("command line extra float digits invalid", "[command_line]") {
    const std::string range = "for option --extra-float-digits: use an integer from -15 to 3";
    check_usage_error({"dump", "--extra-float-digits=4"}, "invalid value \"4\" " + range);
    check_usage_error({"dump", "--extra-float-digits=-16"}, "invalid value \"-16\" " + range);
    check_usage_error({"dump", "--extra-float-digits=abc"}, "invalid value \"abc\" " + range);
    check_usage_error({"dump", "--extra-float-digits=2x"}, "invalid value \"2x\" " + range);
    check_usage_error({"dump", "--extra-float-digits=99999999999"},
                      "invalid value \"99999999999\" " + range);
}

TEST_CASE("command line options restore applies", "[command_line]") {
    const ParsedCommand parsed = parse({"dump", "-O", "-C", "-c", "--if-exists", "--no-tablespaces",
                                        "--no-table-access-method", "--disable-triggers",
                                        "--use-set-session-authorization", "--no-owner", "--create", "--clean"});
    CHECK(parsed.action == CommandAction::run_dump);
}

TEST_CASE("command line pg_dump option conflicts", "[command_line]") {
    check_usage_error({"dump", "-s", "-a"}, "options -s/--schema-only and -a/--data-only cannot be used together");
    check_usage_error({"dump", "-c", "--data-only"}, "options -c/--clean and -a/--data-only cannot be used together");
    check_usage_error({"dump", "--if-exists"}, "option --if-exists requires option -c/--clean");
    check_usage_error({"dump", "--section=middle"}, "unrecognized section name: \"middle\"");
    check_usage_error({"dump", "-s", "--include-foreign-data=x"},
                      "options -s/--schema-only and --include-foreign-data cannot be used together");
    check_usage_error({"dump", "-n"}, "option \"-n\" requires a value");
    check_usage_error({"dump", "--table"}, "option \"--table\" requires a value");
}
