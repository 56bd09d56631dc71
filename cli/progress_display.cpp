#include "cli/progress_display.hpp"

#include "cli/json_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace wiredump::cli {
namespace {

using TimePoint = std::chrono::steady_clock::time_point;

// Four redraws a second look smooth and cost little terminal output.
constexpr std::chrono::milliseconds redraw_interval{250};
// One line a second is enough for a log, and it keeps CI output short.
constexpr std::chrono::seconds json_interval{1};
// Long names are cut so the line fits an 80-column terminal.
constexpr std::size_t max_name_width = 32;

std::string shorten(const std::string& name) {
    if (name.size() <= max_name_width) return name;
    return name.substr(0, max_name_width - 3) + "...";
}

std::string json_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

}  // namespace

void ProgressTotals::start(std::size_t table_count, std::uint64_t estimated_bytes, TimePoint now) {
    table_count_ = table_count;
    estimated_bytes_ = estimated_bytes;
    started_ = now;
}

void ProgressTotals::begin_table(const std::string& name, std::uint64_t estimated_bytes) {
    ++table_number_;
    table_name_ = name;
    table_estimate_ = estimated_bytes;
    table_bytes_ = 0;
    table_rows_ = 0;
}

void ProgressTotals::advance_table(std::uint64_t bytes, std::uint64_t rows) {
    table_bytes_ = bytes;
    table_rows_ = rows;
}

void ProgressTotals::finish_table(std::uint64_t bytes, std::uint64_t rows) {
    finished_bytes_ += bytes;
    finished_rows_ += rows;
    finished_estimates_ += table_estimate_;
    table_estimate_ = 0;
    table_bytes_ = 0;
    table_rows_ = 0;
}

double ProgressTotals::elapsed_seconds(TimePoint now) const {
    return std::chrono::duration<double>(now - started_).count();
}

double ProgressTotals::bytes_per_second(TimePoint now) const {
    const double elapsed = elapsed_seconds(now);
    return elapsed > 0 ? static_cast<double>(done_bytes()) / elapsed : 0;
}

double ProgressTotals::eta_seconds(TimePoint now) const {
    // The first second's rate mostly measures start-up, not the data.
    const double rate = bytes_per_second(now);
    if (elapsed_seconds(now) < 1 || rate <= 0) return -1;

    // A finished table's estimate is replaced by what it really held, and a
    // table already past its estimate is taken to be nearly done.
    const std::uint64_t current_left = table_estimate_ > table_bytes_ ? table_estimate_ - table_bytes_ : 0;
    const std::uint64_t later_estimates =
        estimated_bytes_ > finished_estimates_ + table_estimate_ ? estimated_bytes_ - finished_estimates_ - table_estimate_
                                                                 : 0;
    return static_cast<double>(current_left + later_estimates) / rate;
}

TerminalProgress::TerminalProgress(std::ostream& err, Clock clock) : err_(err), clock_(std::move(clock)) {}

void TerminalProgress::data_started(std::size_t table_count, std::uint64_t estimated_bytes) {
    totals_.start(table_count, estimated_bytes, clock_());
}

void TerminalProgress::table_started(const std::string& name, std::uint64_t estimated_bytes) {
    totals_.begin_table(name, estimated_bytes);
    draw(true);
}

void TerminalProgress::table_advanced(std::uint64_t bytes, std::uint64_t rows) {
    totals_.advance_table(bytes, rows);
    draw(false);
}

void TerminalProgress::table_finished(std::uint64_t bytes, std::uint64_t rows) {
    totals_.advance_table(bytes, rows);
    draw(false);
    totals_.finish_table(bytes, rows);
}

void TerminalProgress::data_finished(std::uint64_t archive_bytes) {
    clear_line();
    const TimePoint now = clock_();
    const auto tables = totals_.table_count();
    const auto rows = totals_.done_rows();
    err_ << "wiredump: dumped " << tables << (tables == 1 ? " table, " : " tables, ") << rows
         << (rows == 1 ? " row, " : " rows, ")
         << format_bytes(totals_.done_bytes()) << " of data in " << format_duration(totals_.elapsed_seconds(now))
         << "; archive " << format_bytes(archive_bytes) << '\n'
         << std::flush;
}

void TerminalProgress::clear_line() {
    if (drawn_width_ == 0) return;
    err_ << '\r' << std::string(drawn_width_, ' ') << '\r' << std::flush;
    drawn_width_ = 0;
}

void TerminalProgress::draw(bool force) {
    const TimePoint now = clock_();
    if (!force && now - last_draw_ < redraw_interval) return;
    last_draw_ = now;

    std::string line = "[" + std::to_string(totals_.table_number()) + "/" + std::to_string(totals_.table_count()) +
                       "] " + shorten(totals_.table_name()) + "  " + format_bytes(totals_.table_bytes()) + ", " +
                       std::to_string(totals_.table_rows()) + " rows  " +
                       format_bytes(static_cast<std::uint64_t>(totals_.bytes_per_second(now))) + "/s";
    const double eta = totals_.eta_seconds(now);
    line += eta < 0 ? "" : "  ETA " + format_duration(eta);

    // Spaces cover the rest of a longer earlier line. They work on every
    // terminal, unlike an erase escape sequence.
    const std::size_t width = line.size();
    if (width < drawn_width_) line += std::string(drawn_width_ - width, ' ');
    err_ << '\r' << line << std::flush;
    drawn_width_ = std::max(width, drawn_width_);
}

JsonProgress::JsonProgress(std::ostream& err, Clock clock) : err_(err), clock_(std::move(clock)) {}

void JsonProgress::data_started(std::size_t table_count, std::uint64_t estimated_bytes) {
    const TimePoint now = clock_();
    totals_.start(table_count, estimated_bytes, now);
    last_event_ = now;
    err_ << "{\"event\":\"start\",\"tables\":" << table_count << ",\"estimated_bytes\":" << estimated_bytes << "}\n"
         << std::flush;
}

void JsonProgress::table_started(const std::string& name, std::uint64_t estimated_bytes) {
    totals_.begin_table(name, estimated_bytes);
    err_ << "{\"event\":\"table\",\"table\":" << json_string(name) << ",\"number\":" << totals_.table_number()
         << ",\"estimated_bytes\":" << estimated_bytes << "}\n"
         << std::flush;
}

void JsonProgress::table_advanced(std::uint64_t bytes, std::uint64_t rows) {
    totals_.advance_table(bytes, rows);
    const TimePoint now = clock_();
    if (now - last_event_ < json_interval) return;
    last_event_ = now;

    const double eta = totals_.eta_seconds(now);
    err_ << "{\"event\":\"progress\",\"table\":" << json_string(totals_.table_name()) << ",\"bytes\":" << bytes
         << ",\"rows\":" << rows << ",\"total_bytes\":" << totals_.done_bytes()
         << ",\"total_rows\":" << totals_.done_rows()
         << ",\"bytes_per_second\":" << static_cast<std::uint64_t>(totals_.bytes_per_second(now))
         << ",\"elapsed_seconds\":" << json_number(totals_.elapsed_seconds(now))
         << ",\"eta_seconds\":" << (eta < 0 ? "null" : json_number(eta)) << "}\n"
         << std::flush;
}

void JsonProgress::table_finished(std::uint64_t bytes, std::uint64_t rows) {
    err_ << "{\"event\":\"table_done\",\"table\":" << json_string(totals_.table_name()) << ",\"bytes\":" << bytes
         << ",\"rows\":" << rows << "}\n"
         << std::flush;
    totals_.finish_table(bytes, rows);
}

void JsonProgress::data_finished(std::uint64_t archive_bytes) {
    const TimePoint now = clock_();
    err_ << "{\"event\":\"done\",\"tables\":" << totals_.table_count() << ",\"bytes\":" << totals_.done_bytes()
         << ",\"rows\":" << totals_.done_rows() << ",\"archive_bytes\":" << archive_bytes
         << ",\"elapsed_seconds\":" << json_number(totals_.elapsed_seconds(now)) << "}\n"
         << std::flush;
}

std::string format_bytes(std::uint64_t bytes) {
    static constexpr const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1000 && unit + 1 < std::size(units)) {
        value /= 1000;
        ++unit;
    }

    char text[32];
    if (unit == 0) {
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
        return text;
    }

    // Three significant digits whatever the size.
    int decimals = 0;
    if (value < 10) {
        decimals = 2;
    } else if (value < 100) {
        decimals = 1;
    }
    std::snprintf(text, sizeof text, "%.*f %s", decimals, value, units[unit]);
    return text;
}

std::string format_duration(double seconds) {
    const auto total = static_cast<long long>(std::llround(std::max(seconds, 0.0)));
    const long long hours = total / 3600;
    const long long minutes = total / 60 % 60;
    const long long rest = total % 60;

    char text[32];
    if (hours > 0) {
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", hours, minutes, rest);
    } else {
        std::snprintf(text, sizeof text, "%lld:%02lld", minutes, rest);
    }
    return text;
}

}  // namespace wiredump::cli
