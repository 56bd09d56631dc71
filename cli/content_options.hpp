#pragma once

#include <getopt.h>

#include <optional>
#include <string>
#include <vector>

namespace wiredump::cli {

struct DumpCommandLine;

// The short options of pg_dump's selection and output options, in getopt's notation.
inline constexpr const char* content_short_options = "abBcCe:E:n:N:Ost:T:x";

// The long options of pg_dump's selection and output options. Options
// without a short letter return values from 0x100 up.
std::vector<option> content_long_options();

// Applies one of those options. Returns std::nullopt when `option_char` is
// not one of them, else an empty string on success or the error message.
std::optional<std::string> apply_content_option(int option_char, const char* argument,
                                                DumpCommandLine& dump);

// pg_dump's checks of option combinations; returns the first error message.
std::optional<std::string> check_content_options(const DumpCommandLine& dump);

// The help text's sections for these options.
std::string content_options_help_text();

}  // namespace wiredump::cli
