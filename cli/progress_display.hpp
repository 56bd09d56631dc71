#pragma once

#include "pipeline/progress.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

namespace wiredump::cli {

using Clock = std::function<std::chrono::steady_clock::time_point()>;

// Totals shared by both displays: what is done and what the catalog
// estimated, and the rate and time left that follow from them.
class ProgressTotals {
public:
    void start(std::size_t table_count, std::uint64_t estimated_bytes, std::chrono::steady_clock::time_point now);
    void begin_table(const std::string& name, std::uint64_t estimated_bytes);
    void advance_table(std::uint64_t bytes, std::uint64_t rows);
    void finish_table(std::uint64_t bytes, std::uint64_t rows);

    double elapsed_seconds(std::chrono::steady_clock::time_point now) const;
    double bytes_per_second(std::chrono::steady_clock::time_point now) const;
    // Seconds left at the current rate, or a negative number while no rate is known.
    double eta_seconds(std::chrono::steady_clock::time_point now) const;

    std::uint64_t done_bytes() const { return finished_bytes_ + table_bytes_; }
    std::uint64_t done_rows() const { return finished_rows_ + table_rows_; }
    std::size_t table_count() const { return table_count_; }
    // 1-based number of the current table.
    std::size_t table_number() const { return table_number_; }
    const std::string& table_name() const { return table_name_; }
    std::uint64_t table_bytes() const { return table_bytes_; }
    std::uint64_t table_rows() const { return table_rows_; }

private:
    std::size_t table_count_ = 0;
    std::size_t table_number_ = 0;
    std::string table_name_;
    std::uint64_t table_bytes_ = 0;
    std::uint64_t table_rows_ = 0;
    std::chrono::steady_clock::time_point started_{};
    std::uint64_t estimated_bytes_ = 0;
    std::uint64_t table_estimate_ = 0;
    std::uint64_t finished_bytes_ = 0;
    std::uint64_t finished_rows_ = 0;
    std::uint64_t finished_estimates_ = 0;
};

// The one-line display for a terminal, redrawn in place at most a few times a second.
class TerminalProgress final : public pipeline::ProgressObserver {
public:
    TerminalProgress(std::ostream& err, Clock clock);

    void data_started(std::size_t table_count, std::uint64_t estimated_bytes) override;
    void table_started(const std::string& name, std::uint64_t estimated_bytes) override;
    void table_advanced(std::uint64_t bytes, std::uint64_t rows) override;
    void table_finished(std::uint64_t bytes, std::uint64_t rows) override;
    void data_finished(std::uint64_t archive_bytes) override;

    // Clears the line, so a message printed next starts at the left margin;
    // the next redraw puts the display back.
    void clear_line();

private:
    void draw(bool force);

    std::ostream& err_;
    Clock clock_;
    ProgressTotals totals_;
    std::chrono::steady_clock::time_point last_draw_{};
    std::size_t drawn_width_ = 0;
};

// One JSON object per line: "start", "table", "progress" (at most once a
// second), "table_done" and "done" events, for CI logs and web front ends.
class JsonProgress final : public pipeline::ProgressObserver {
public:
    JsonProgress(std::ostream& err, Clock clock);

    void data_started(std::size_t table_count, std::uint64_t estimated_bytes) override;
    void table_started(const std::string& name, std::uint64_t estimated_bytes) override;
    void table_advanced(std::uint64_t bytes, std::uint64_t rows) override;
    void table_finished(std::uint64_t bytes, std::uint64_t rows) override;
    void data_finished(std::uint64_t archive_bytes) override;

private:
    std::ostream& err_;
    Clock clock_;
    ProgressTotals totals_;
    std::chrono::steady_clock::time_point last_event_{};
};

// "12.3 MB", "950 kB", "17 B": decimal units, three significant digits.
std::string format_bytes(std::uint64_t bytes);

// "0:07", "12:34", "1:02:03".
std::string format_duration(double seconds);

}  // namespace wiredump::cli
