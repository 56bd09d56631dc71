#include "cli/system_access.hpp"

#include "cli/interrupt_handling.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace wiredump::cli {
namespace {

// Closes the terminal and restores its echo setting on every return path.
class TerminalSession {
public:
    TerminalSession() : descriptor_(::open("/dev/tty", O_RDWR | O_CLOEXEC)) {
        if (descriptor_ >= 0 && ::tcgetattr(descriptor_, &saved_) == 0) {
            termios quiet = saved_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            // Registered first, so Ctrl-C at the prompt cannot leave echo off.
            set_terminal_to_restore(descriptor_, saved_);
            echo_disabled_ = ::tcsetattr(descriptor_, TCSAFLUSH, &quiet) == 0;
        }
    }

    ~TerminalSession() {
        if (echo_disabled_) {
            ::tcsetattr(descriptor_, TCSAFLUSH, &saved_);
        }
        set_terminal_to_restore(-1, saved_);
        if (descriptor_ >= 0) {
            ::close(descriptor_);
        }
    }

    TerminalSession(const TerminalSession&) = delete;
    TerminalSession& operator=(const TerminalSession&) = delete;

    int descriptor() const { return descriptor_; }

private:
    int descriptor_;
    termios saved_{};
    bool echo_disabled_ = false;
};

void write_all(int descriptor, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(descriptor, text.data(), text.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

std::optional<std::string> read_password_file(const std::string& path, const WarningSink& warn) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        return std::nullopt;
    }
    if (!S_ISREG(status.st_mode)) {
        warn("password file \"" + path + "\" is not a plain file; it is ignored");
        return std::nullopt;
    }
    if ((status.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        warn("password file \"" + path +
             "\" has group or world access, so it is ignored; run chmod 0600 on it");
        return std::nullopt;
    }

    std::ifstream file(path, std::ios::binary);
    if (!file) {
        warn("could not open password file \"" + path + "\": " + std::strerror(errno));
        return std::nullopt;
    }
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

std::optional<std::string> read_text_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

std::optional<std::string> prompt_on_terminal(std::string_view prompt) {
    TerminalSession terminal;
    if (terminal.descriptor() < 0) {
        return std::nullopt;
    }
    write_all(terminal.descriptor(), prompt);

    std::string line;
    for (;;) {
        char c = 0;
        const ssize_t count = ::read(terminal.descriptor(), &c, 1);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            write_all(terminal.descriptor(), "\n");
            return std::nullopt;
        }
        if (c == '\n') {
            break;
        }
        line.push_back(c);
    }

    // Echo was off, so the user's Enter did not move to a new line.
    write_all(terminal.descriptor(), "\n");
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

std::string current_os_user() {
    const passwd* entry = ::getpwuid(::geteuid());
    return entry != nullptr && entry->pw_name != nullptr ? std::string(entry->pw_name) : std::string();
}

std::string current_home_directory(const std::string& home_variable) {
    if (!home_variable.empty()) {
        return home_variable;
    }
    const passwd* entry = ::getpwuid(::geteuid());
    return entry != nullptr && entry->pw_dir != nullptr ? std::string(entry->pw_dir) : std::string();
}

}  // namespace wiredump::cli
