#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wiredump::cli {

// Receives a warning line (without the "wiredump: warning: " prefix).
using WarningSink = std::function<void(std::string_view)>;

// Reads a password file with libpq's checks: a missing file is skipped
// silently, while a file that is not a regular file, or that grants any
// access to group or others, is skipped with a warning.
std::optional<std::string> read_password_file(const std::string& path, const WarningSink& warn);

// Returns the contents of a file, or nothing when it cannot be read.
std::optional<std::string> read_text_file(const std::string& path);

// Prompts on /dev/tty with echo switched off and returns the line typed,
// without its newline. Returns nothing when no terminal can be opened or
// input ends before a newline.
std::optional<std::string> prompt_on_terminal(std::string_view prompt);

// The effective user's login name from the password database, or empty.
std::string current_os_user();

// HOME if set and non-empty, else the home directory from the password
// database, else empty.
std::string current_home_directory(const std::string& home_variable);

}  // namespace wiredump::cli
