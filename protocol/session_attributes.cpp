#include "protocol/session_attributes.hpp"

#include <array>
#include <utility>

namespace wiredump::protocol {
namespace {

constexpr std::string_view read_only_query = "SHOW transaction_read_only";
constexpr std::string_view recovery_query = "SELECT pg_catalog.pg_is_in_recovery()";

bool wants_read_only_check(TargetSessionAttrs target) {
    return target == TargetSessionAttrs::read_write || target == TargetSessionAttrs::read_only;
}

SessionCheck accept() { return {}; }

SessionCheck reject(std::string reason) {
    return {SessionCheck::Outcome::reject, {}, std::move(reason)};
}

SessionCheck decide_read_only(TargetSessionAttrs target, bool read_only) {
    if (target == TargetSessionAttrs::read_write && read_only) return reject("session is read-only");
    if (target == TargetSessionAttrs::read_only && !read_only) return reject("session is not read-only");
    return accept();
}

SessionCheck decide_standby(TargetSessionAttrs target, bool in_recovery) {
    if (target == TargetSessionAttrs::primary && in_recovery) return reject("server is in hot standby mode");
    if (target != TargetSessionAttrs::primary && !in_recovery) return reject("server is not in hot standby mode");
    return accept();
}

}  // namespace

std::optional<TargetSessionAttrs> parse_target_session_attrs(std::string_view text) {
    constexpr std::array<std::pair<std::string_view, TargetSessionAttrs>, 6> names = {{
        {"any", TargetSessionAttrs::any},
        {"read-write", TargetSessionAttrs::read_write},
        {"read-only", TargetSessionAttrs::read_only},
        {"primary", TargetSessionAttrs::primary},
        {"standby", TargetSessionAttrs::standby},
        {"prefer-standby", TargetSessionAttrs::prefer_standby},
    }};
    for (const auto& [name, value] : names) {
        if (name == text) return value;
    }
    return std::nullopt;
}

SessionCheck check_session(TargetSessionAttrs target,
                           const std::map<std::string, std::string, std::less<>>& parameters) {
    if (target == TargetSessionAttrs::any) return accept();

    const auto hot_standby = parameters.find("in_hot_standby");
    const auto default_read_only = parameters.find("default_transaction_read_only");
    const bool reported = hot_standby != parameters.end() && default_read_only != parameters.end();

    if (wants_read_only_check(target)) {
        if (!reported) return {SessionCheck::Outcome::ask_server, std::string(read_only_query), {}};
        // A standby is read-only whatever the value of default_transaction_read_only.
        return decide_read_only(target, hot_standby->second == "on" || default_read_only->second == "on");
    }
    if (hot_standby == parameters.end()) return {SessionCheck::Outcome::ask_server, std::string(recovery_query), {}};
    return decide_standby(target, hot_standby->second == "on");
}

SessionCheck check_session_answer(TargetSessionAttrs target, std::string_view value) {
    if (target == TargetSessionAttrs::any) return accept();
    if (wants_read_only_check(target)) return decide_read_only(target, value == "on");
    return decide_standby(target, value == "t");
}

}  // namespace wiredump::protocol
