#include "io/host_candidates.hpp"

#include <algorithm>

namespace wiredump::io {

std::vector<ConnectParams> expand_host_candidates(const ConnectParams& params, std::mt19937* random) {
    if (params.host_list.empty()) return {params};

    std::vector<ConnectParams> candidates;
    candidates.reserve(params.host_list.size());
    for (const HostTarget& target : params.host_list) {
        ConnectParams candidate = params;
        candidate.host_list.clear();
        candidate.host = target.host;
        candidate.hostaddr = target.hostaddr;
        candidate.port = target.port;
        candidate.password = target.password;
        candidates.push_back(std::move(candidate));
    }
    if (params.random_host_order && random != nullptr) std::shuffle(candidates.begin(), candidates.end(), *random);
    return candidates;
}

void HostFailures::add(const protocol::Diagnostics& diagnostics) {
    std::string message = diagnostics.client_message();
    if (const auto& server_error = diagnostics.server_error()) {
        message += "\n\t" + server_error->severity + ":  " + server_error->message;
    }
    messages_.push_back(std::move(message));
}

void HostFailures::merge_into(protocol::Diagnostics& last_attempt) const {
    if (messages_.empty()) return;

    std::string text;
    for (const std::string& message : messages_) text += message + "\n";
    last_attempt.set_client_message(text + last_attempt.client_message());
}

}  // namespace wiredump::io
