#include "protocol/service_file.hpp"

#include <string>

namespace wiredump::protocol {
namespace {

class ServiceFileCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.service_file"; }

    std::string message(int value) const override {
        switch (static_cast<service_file_errc>(value)) {
        case service_file_errc::syntax_error:
            return "syntax error in connection service file";
        case service_file_errc::nested_service:
            return "nested service specification in connection service file";
        }
        return "unknown connection service file error";
    }
};

// The same characters as isspace() in the C locale, which libpq uses.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view trim(std::string_view line) {
    while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    return line;
}

std::string where(std::string_view file_name, std::size_t line_number) {
    return "service file \"" + std::string(file_name) + "\", line " + std::to_string(line_number);
}

}  // namespace

const std::error_category& service_file_category() {
    static const ServiceFileCategory category;
    return category;
}

std::error_code parse_service_file(std::string_view text, std::string_view file_name, std::string_view service,
                                   ServiceSection& section, Diagnostics& diagnostics) {
    section = ServiceSection{};
    bool in_section = false;
    std::size_t line_number = 0;
    std::size_t line_start = 0;

    while (line_start < text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = text.size();
        const std::string_view line = trim(text.substr(line_start, line_end - line_start));
        line_start = line_end + 1;
        ++line_number;

        if (line.empty() || line.front() == '#') continue;

        if (line.front() == '[') {
            // libpq stops at the next section once the wanted one was read.
            if (in_section) return {};
            in_section = line.size() == service.size() + 2 && line.substr(1, service.size()) == service &&
                         line.back() == ']';
            section.found = section.found || in_section;
            continue;
        }
        if (!in_section) continue;

        const std::size_t equals = line.find('=');
        if (equals == std::string_view::npos) {
            diagnostics.set_client_message("syntax error in " + where(file_name, line_number) +
                                           ": expected keyword=value");
            return service_file_errc::syntax_error;
        }
        const std::string_view keyword = line.substr(0, equals);
        if (keyword == "service") {
            diagnostics.set_client_message("nested service specifications not supported in " +
                                           where(file_name, line_number) + "; remove the service= line");
            return service_file_errc::nested_service;
        }
        if (!is_conninfo_keyword(keyword)) {
            diagnostics.set_client_message("syntax error in " + where(file_name, line_number) +
                                           ": unknown connection keyword \"" + std::string(keyword) + "\"");
            return service_file_errc::syntax_error;
        }
        section.options.push_back({std::string(keyword), std::string(line.substr(equals + 1))});
    }
    return {};
}

}  // namespace wiredump::protocol
