#include "cli/host_list.hpp"

#include "cli/connection_settings.hpp"

#include <cctype>

namespace wiredump::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> elements(1);
    for (char c : text) {
        if (c == ',') {
            elements.emplace_back();
        } else {
            elements.back().push_back(c);
        }
    }
    return elements;
}

std::error_code fail(protocol::Diagnostics& diagnostics, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return settings_errc::invalid_value;
}

// Parses a port the way libpq's parse_int_param does: digits with optional
// surrounding whitespace.
bool parse_port(std::string text, unsigned short& port) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    text.erase(0, start);
    if (text.empty() || text.size() > 5) return false;

    unsigned number = 0;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        number = number * 10 + static_cast<unsigned>(c - '0');
    }
    if (number < 1 || number > 65535) return false;
    port = static_cast<unsigned short>(number);
    return true;
}

}  // namespace

std::error_code expand_host_list(const std::string& host, const std::string& hostaddr, const std::string& port,
                                 std::string_view default_host, std::vector<io::HostTarget>& hosts,
                                 protocol::Diagnostics& diagnostics) {
    hosts.clear();
    const std::vector<std::string> host_names = split_list(host);
    const std::vector<std::string> addresses = split_list(hostaddr);
    const std::vector<std::string> ports = split_list(port);

    const std::size_t count = hostaddr.empty() ? host_names.size() : addresses.size();
    if (!hostaddr.empty() && !host.empty() && host_names.size() != count) {
        return fail(diagnostics, "could not match " + std::to_string(host_names.size()) + " host names to " +
                                     std::to_string(count) + " hostaddr values; give one host name per hostaddr");
    }
    if (ports.size() != 1 && ports.size() != count) {
        return fail(diagnostics, "could not match " + std::to_string(ports.size()) + " port numbers to " +
                                     std::to_string(count) + " hosts; give one port for all hosts or one per host");
    }

    for (std::size_t i = 0; i < count; ++i) {
        io::HostTarget target;
        target.hostaddr = hostaddr.empty() ? std::string() : addresses[i];
        target.host = host.empty() ? std::string() : host_names[i];
        if (target.host.empty()) target.host = target.hostaddr.empty() ? std::string(default_host) : target.hostaddr;

        const std::string& port_text = ports.size() == 1 ? ports[0] : ports[i];
        if (!port_text.empty() && !parse_port(port_text, target.port)) {
            return fail(diagnostics, "invalid port number \"" + port_text + "\": use an integer from 1 to 65535");
        }
        hosts.push_back(std::move(target));
    }
    return {};
}

}  // namespace wiredump::cli
