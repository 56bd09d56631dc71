#include "io/tcp_options.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>

namespace wiredump::io {
namespace {

std::error_code set_option(int descriptor, int level, int name, int value) {
    if (::setsockopt(descriptor, level, name, &value, sizeof value) != 0) {
        return {errno, std::system_category()};
    }
    return {};
}

}  // namespace

std::error_code apply_tcp_options(int descriptor, const TcpOptions& options, std::string& failed_option) {
    // Nagle's delay would only slow the small protocol messages.
    if (auto error = set_option(descriptor, IPPROTO_TCP, TCP_NODELAY, 1)) {
        failed_option = "TCP_NODELAY";
        return error;
    }

    struct Setting {
        const char* keyword;
        int level;
        int name;
        int value;
        bool applies;
    };
    const bool on = options.keepalives;
    const Setting settings[] = {
        {"keepalives", SOL_SOCKET, SO_KEEPALIVE, on ? 1 : 0, true},
        {"keepalives_idle", IPPROTO_TCP, TCP_KEEPIDLE, options.keepalives_idle_seconds,
         on && options.keepalives_idle_seconds > 0},
        {"keepalives_interval", IPPROTO_TCP, TCP_KEEPINTVL, options.keepalives_interval_seconds,
         on && options.keepalives_interval_seconds > 0},
        {"keepalives_count", IPPROTO_TCP, TCP_KEEPCNT, options.keepalives_count, on && options.keepalives_count > 0},
        {"tcp_user_timeout", IPPROTO_TCP, TCP_USER_TIMEOUT, options.user_timeout_milliseconds,
         options.user_timeout_milliseconds > 0},
    };
    for (const Setting& setting : settings) {
        if (!setting.applies) continue;
        if (auto error = set_option(descriptor, setting.level, setting.name, setting.value)) {
            failed_option = setting.keyword;
            return error;
        }
    }
    return {};
}

}  // namespace wiredump::io
