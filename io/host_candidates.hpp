#pragma once

#include "io/connect_params.hpp"
#include "protocol/diagnostics.hpp"

#include <random>
#include <string>
#include <system_error>
#include <vector>

namespace wiredump::io {

// Returns one ConnectParams per entry of params.host_list, each with that
// entry's host, hostaddr, port and password and an empty host_list, or params
// itself when the list is empty. With random_host_order the order is shuffled
// by random, as libpq's load_balance_hosts=random does.
std::vector<ConnectParams> expand_host_candidates(const ConnectParams& params, std::mt19937* random);

// Collects the failure of each host tried, so that the error after the last
// one lists them all, as libpq does.
class HostFailures {
public:
    // Records the failure of one attempt from the diagnostics it left.
    void add(const protocol::Diagnostics& diagnostics);

    // Puts the earlier failures before the last attempt's own message. The
    // server error of the last attempt stays in diagnostics as it is.
    void merge_into(protocol::Diagnostics& last_attempt) const;

private:
    std::vector<std::string> messages_;
};

}  // namespace wiredump::io
