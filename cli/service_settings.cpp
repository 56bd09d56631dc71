#include "cli/service_settings.hpp"

#include "cli/connection_settings.hpp"
#include "protocol/service_file.hpp"

#include <vector>

namespace wiredump::cli {
namespace {

std::string lookup(const std::map<std::string, std::string>& values, const std::string& key) {
    const auto found = values.find(key);
    return found == values.end() ? std::string() : found->second;
}

// Returns the files to search, in libpq's order.
std::vector<std::string> service_file_paths(const std::map<std::string, std::string>& environment,
                                            const std::string& home_directory) {
    std::vector<std::string> paths;
    const std::string user_file = lookup(environment, "PGSERVICEFILE");
    if (!user_file.empty()) {
        paths.push_back(user_file);
    } else if (!home_directory.empty()) {
        paths.push_back(home_directory + "/.pg_service.conf");
    }

    std::string system_directory = lookup(environment, "PGSYSCONFDIR");
    if (system_directory.empty()) system_directory = std::string(default_system_config_directory);
    paths.push_back(system_directory + "/pg_service.conf");
    return paths;
}

}  // namespace

std::error_code apply_service(std::map<std::string, std::string>& settings,
                              const std::map<std::string, std::string>& environment,
                              const std::string& home_directory, const TextFileReader& read_file,
                              protocol::Diagnostics& diagnostics) {
    std::string service = lookup(settings, "service");
    if (service.empty()) service = lookup(environment, "PGSERVICE");
    if (service.empty()) return {};

    const std::vector<std::string> paths = service_file_paths(environment, home_directory);
    for (const std::string& path : paths) {
        const std::optional<std::string> text = read_file ? read_file(path) : std::nullopt;
        if (!text) continue;

        protocol::ServiceSection section;
        if (protocol::parse_service_file(*text, path, service, section, diagnostics)) {
            return settings_errc::invalid_value;
        }
        if (!section.found) continue;

        // The connection string wins over the service file. A keyword that
        // repeats in the file keeps its first value, as in libpq.
        for (const auto& option : section.options) settings.try_emplace(option.keyword, option.value);
        return {};
    }

    std::string searched;
    for (const std::string& path : paths) searched += (searched.empty() ? "" : ", ") + path;
    diagnostics.set_client_message("definition of service \"" + service + "\" not found in " + searched +
                                   "; check the service name or set PGSERVICEFILE");
    return settings_errc::invalid_value;
}

}  // namespace wiredump::cli
