#pragma once

#include "io/connect_params.hpp"
#include "protocol/diagnostics.hpp"

#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::cli {

// Expands the comma-separated host, hostaddr and port settings into one entry
// per host, with libpq's rules:
//  - With hostaddr, there is one entry per hostaddr element, and a non-empty
//    host must have the same number of elements. Otherwise there is one entry
//    per host element.
//  - An empty host element means default_host (the unix socket directory),
//    unless that entry has a hostaddr.
//  - One port applies to every host; otherwise there must be one port per
//    host. An empty port element means 5432.
// Passwords are left unset. Fails with settings_errc::invalid_value.
std::error_code expand_host_list(const std::string& host, const std::string& hostaddr, const std::string& port,
                                 std::string_view default_host, std::vector<io::HostTarget>& hosts,
                                 protocol::Diagnostics& diagnostics);

}  // namespace wiredump::cli
