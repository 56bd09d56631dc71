#include "cli/command_line.hpp"
#include "cli/progress_display.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace std::chrono_literals;
using wiredump::cli::format_bytes;
using wiredump::cli::format_duration;
using wiredump::cli::JsonProgress;
using wiredump::cli::ProgressMode;
using wiredump::cli::ProgressTotals;
using wiredump::cli::TerminalProgress;

namespace {

// A clock the test moves by hand, so rates and ETAs are exact.
struct ManualClock {
    std::chrono::steady_clock::time_point now{};

    wiredump::cli::Clock function() {
        return [this] { return now; };
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    std::string line;
    while (std::getline(stream, line)) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("byte counts and durations read as a person writes them", "[progress]") {
    CHECK(format_bytes(0) == "0 B");
    CHECK(format_bytes(999) == "999 B");
    CHECK(format_bytes(1000) == "1.00 kB");
    CHECK(format_bytes(12'345'678) == "12.3 MB");
    CHECK(format_bytes(478'000'000) == "478 MB");
    CHECK(format_bytes(2'500'000'000) == "2.50 GB");

    CHECK(format_duration(0) == "0:00");
    CHECK(format_duration(7.4) == "0:07");
    CHECK(format_duration(754) == "12:34");
    CHECK(format_duration(3723) == "1:02:03");
    CHECK(format_duration(-5) == "0:00");
}

TEST_CASE("the ETA follows the rate and the estimates of the tables left", "[progress]") {
    ManualClock clock;
    ProgressTotals totals;
    totals.start(2, 3'000'000, clock.now);

    totals.begin_table("public.a", 1'000'000);
    totals.advance_table(500'000, 10);
    CHECK(totals.eta_seconds(clock.now) < 0);  // no rate in the first second

    clock.now += 2s;
    CHECK(totals.bytes_per_second(clock.now) == Approx(250'000));
    // 500 kB left of this table and 2 MB of the next, at 250 kB/s.
    CHECK(totals.eta_seconds(clock.now) == Approx(10));

    // The first table held more than its estimate: the real size counts.
    totals.finish_table(1'500'000, 30);
    totals.begin_table("public.b", 2'000'000);
    clock.now += 4s;
    CHECK(totals.done_bytes() == 1'500'000);
    CHECK(totals.done_rows() == 30);
    CHECK(totals.eta_seconds(clock.now) == Approx(2'000'000 / 250'000.0));
}

TEST_CASE("a table past its estimate leaves only the later tables in the ETA", "[progress]") {
    ManualClock clock;
    ProgressTotals totals;
    totals.start(1, 100, clock.now);
    totals.begin_table("t", 100);
    clock.now += 10s;
    totals.advance_table(1'000, 5);
    CHECK(totals.eta_seconds(clock.now) == Approx(0));
}

TEST_CASE("the JSON display writes one object per event and throttles progress", "[progress]") {
    ManualClock clock;
    std::ostringstream err;
    JsonProgress progress(err, clock.function());

    progress.data_started(1, 4'000'000);
    progress.table_started("public.\"Quote\"\"d\"", 4'000'000);
    clock.now += 500ms;
    progress.table_advanced(262'144, 100);  // within the first second: no event
    clock.now += 1s;
    progress.table_advanced(1'000'000, 400);
    progress.table_finished(4'000'000, 1'600);
    clock.now += 1s;
    progress.data_finished(123'456);

    const auto lines = lines_of(err.str());
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == R"({"event":"start","tables":1,"estimated_bytes":4000000})");
    CHECK(lines[1] == R"({"event":"table","table":"public.\"Quote\"\"d\"","number":1,"estimated_bytes":4000000})");
    CHECK(lines[2] == R"({"event":"progress","table":"public.\"Quote\"\"d\"","bytes":1000000,"rows":400,)"
                      R"("total_bytes":1000000,"total_rows":400,"bytes_per_second":666666,"elapsed_seconds":1.5,)"
                      R"("eta_seconds":4.5})");
    CHECK(lines[3] == R"({"event":"table_done","table":"public.\"Quote\"\"d\"","bytes":4000000,"rows":1600})");
    CHECK(lines[4] == R"({"event":"done","tables":1,"bytes":4000000,"rows":1600,"archive_bytes":123456,)"
                      R"("elapsed_seconds":2.5})");
}

TEST_CASE("the terminal display redraws one line in place and clears it", "[progress]") {
    ManualClock clock;
    std::ostringstream err;
    TerminalProgress progress(err, clock.function());

    progress.data_started(2, 2'000'000);
    progress.table_started("public.accounts", 1'000'000);
    CHECK(err.str() == "\r[1/2] public.accounts  0 B, 0 rows  0 B/s");

    err.str("");
    clock.now += 100ms;
    progress.table_advanced(300'000, 3);  // too soon after the last redraw
    CHECK(err.str().empty());

    clock.now += 1900ms;
    progress.table_advanced(500'000, 5);
    const std::string line = "[1/2] public.accounts  500 kB, 5 rows  250 kB/s  ETA 0:06";
    CHECK(err.str() == "\r" + line);

    err.str("");
    progress.clear_line();
    CHECK(err.str() == "\r" + std::string(line.size(), ' ') + "\r");

    err.str("");
    progress.clear_line();  // nothing drawn since: nothing to clear
    CHECK(err.str().empty());
}

TEST_CASE("the terminal display ends with a summary line", "[progress]") {
    ManualClock clock;
    std::ostringstream err;
    TerminalProgress progress(err, clock.function());

    progress.data_started(1, 0);
    progress.table_started("t", 0);
    progress.table_finished(2'000, 20);
    clock.now += 65s;
    progress.data_finished(900);
    const std::string text = err.str();
    CHECK(text.ends_with("\rwiredump: dumped 1 table, 20 rows, 2.00 kB of data in 1:05; archive 900 B\n"));
}

TEST_CASE("the progress option takes auto, json or none", "[progress][command_line]") {
    using wiredump::cli::CommandAction;
    using wiredump::cli::parse_command_line;

    CHECK(parse_command_line({"dump", "db"}).dump.progress == ProgressMode::automatic);
    CHECK(parse_command_line({"dump", "--progress=json", "db"}).dump.progress == ProgressMode::json);
    CHECK(parse_command_line({"dump", "--progress", "none", "db"}).dump.progress == ProgressMode::none);

    const auto parsed = parse_command_line({"dump", "--progress=bar", "db"});
    CHECK(parsed.action == CommandAction::usage_error);
    CHECK(parsed.error_message == "invalid progress display \"bar\": use auto, json or none");
}
