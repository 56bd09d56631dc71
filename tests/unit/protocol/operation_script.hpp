#pragma once

// A scripted server for the sans-I/O operations: a list of the bytes the
// operation must write and the bytes the server returns, in order. The runner
// plays the I/O driver, and a fault can replace any step with a read error, an
// end of stream, a stream cut mid-message or a write error.

#include "protocol/errc.hpp"
#include "protocol/message_operation.hpp"
#include "protocol/query_result.hpp"
#include "wire_bytes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <cstddef>
#include <string>
#include <system_error>
#include <vector>

namespace wiredump::protocol::test {

struct ScriptStep {
    enum class Kind { write, read };
    Kind kind;
    ByteVector bytes;
};

class Script {
public:
    Script& write(ByteVector bytes) {
        steps_.push_back({ScriptStep::Kind::write, std::move(bytes)});
        return *this;
    }
    Script& read(ByteVector bytes) {
        steps_.push_back({ScriptStep::Kind::read, std::move(bytes)});
        return *this;
    }

    const std::vector<ScriptStep>& steps() const { return steps_; }
    std::vector<ScriptStep>& steps() { return steps_; }

private:
    std::vector<ScriptStep> steps_;
};

enum class FaultKind { none, read_error, end_of_stream, cut_mid_message, write_error };

struct Fault {
    FaultKind kind = FaultKind::none;
    std::size_t step = 0;
};

inline const std::error_code injected_read_error = std::make_error_code(std::errc::connection_reset);
inline const std::error_code injected_write_error = std::make_error_code(std::errc::broken_pipe);

struct ScriptOutcome {
    std::error_code error;
    bool connection_usable = false;
    std::size_t steps_left = 0;       // script steps the operation never reached
    std::string script_violation;     // empty when every write matched and no read ran past the script
    std::vector<ByteVector> writes;   // every write the operation requested
};

// Runs operation against script, delivering reads in pieces of at most
// read_piece bytes, with an optional fault.
inline ScriptOutcome run_script(MessageOperation& operation, const Script& script, std::size_t read_piece = 1 << 20,
                                Fault fault = {}) {
    ScriptOutcome outcome;
    const auto& steps = script.steps();
    std::size_t step = 0;
    std::size_t offset = 0;  // bytes of the current read step already delivered

    NextAction action = operation.resume({}, 0);
    for (int guard = 0; !action.is_done() && guard < 1000000; ++guard) {
        const bool faulted = fault.kind != FaultKind::none && step == fault.step;

        if (action.kind() == NextAction::Kind::write) {
            const auto bytes = action.write_bytes();
            outcome.writes.emplace_back(bytes.begin(), bytes.end());
            if (step >= steps.size() || steps[step].kind != ScriptStep::Kind::write) {
                outcome.script_violation = "unexpected write at step " + std::to_string(step);
                break;
            }
            if (faulted && fault.kind == FaultKind::write_error) {
                action = operation.resume(injected_write_error, 0);
                continue;
            }
            const auto& expected = steps[step].bytes;
            if (!std::equal(expected.begin(), expected.end(), bytes.begin(), bytes.end())) {
                outcome.script_violation = "write at step " + std::to_string(step) + " differs from the script";
                break;
            }
            ++step;
            action = operation.resume({}, 0);
            continue;
        }

        // A read.
        if (step >= steps.size() || steps[step].kind != ScriptStep::Kind::read) {
            outcome.script_violation = "unexpected read at step " + std::to_string(step);
            break;
        }
        if (faulted && fault.kind == FaultKind::read_error) {
            action = operation.resume(injected_read_error, 0);
            continue;
        }
        if (faulted && fault.kind == FaultKind::end_of_stream) {
            action = operation.resume({}, 0);
            continue;
        }

        const auto& bytes = steps[step].bytes;
        std::size_t limit = bytes.size();
        if (faulted && fault.kind == FaultKind::cut_mid_message) {
            limit = bytes.size() / 2;
            if (offset >= limit) {
                action = operation.resume({}, 0);
                continue;
            }
        }
        const auto space = action.read_space();
        const std::size_t count = std::min({read_piece, limit - offset, space.size()});
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(offset), count, space.begin());
        offset += count;
        if (offset == bytes.size()) {
            ++step;
            offset = 0;
        }
        action = operation.resume({}, count);
    }

    outcome.error = action.error();
    outcome.connection_usable = operation.connection_usable();
    outcome.steps_left = steps.size() - std::min(step, steps.size());
    return outcome;
}

// The state one operation works on. The small buffer makes the operations
// compact and grow it while a script runs.
struct OperationFixture {
    ReceiveBuffer buffer{16};
    SessionState session;
    Diagnostics diagnostics;
    QueryResult result;
};

using OperationFactory = std::function<std::unique_ptr<MessageOperation>(OperationFixture&)>;

// Runs the script once per step with a fault injected at that step and checks
// that each run ends with the injected error (or errc::connection_closed for a
// stream that ends) and a connection marked unusable.
inline void check_every_fault(const OperationFactory& make_operation, const Script& script) {
    const auto& steps = script.steps();
    for (std::size_t step = 0; step < steps.size(); ++step) {
        std::vector<std::pair<FaultKind, std::error_code>> faults;
        if (steps[step].kind == ScriptStep::Kind::write) {
            faults.emplace_back(FaultKind::write_error, injected_write_error);
        } else {
            faults.emplace_back(FaultKind::read_error, injected_read_error);
            faults.emplace_back(FaultKind::end_of_stream, make_error_code(errc::connection_closed));
            faults.emplace_back(FaultKind::cut_mid_message, make_error_code(errc::connection_closed));
        }

        for (const auto& [kind, expected] : faults) {
            INFO("fault " << static_cast<int>(kind) << " at step " << step);
            OperationFixture fixture;
            auto operation = make_operation(fixture);
            const ScriptOutcome outcome = run_script(*operation, script, 7, Fault{kind, step});
            CHECK(outcome.script_violation.empty());
            CHECK(outcome.error == expected);
            CHECK_FALSE(outcome.connection_usable);
            CHECK_FALSE(fixture.diagnostics.client_message().empty());
        }
    }
}

// Runs the script with reads of every size from 1 byte up to max_piece and
// checks that each run matches a run with whole reads.
inline void check_every_read_size(const OperationFactory& make_operation, const Script& script,
                                  std::size_t max_piece = 9) {
    OperationFixture reference_fixture;
    auto reference_operation = make_operation(reference_fixture);
    const ScriptOutcome reference = run_script(*reference_operation, script);

    for (std::size_t piece = 1; piece <= max_piece; ++piece) {
        INFO("reads of " << piece << " bytes");
        OperationFixture fixture;
        auto operation = make_operation(fixture);
        const ScriptOutcome outcome = run_script(*operation, script, piece);
        CHECK(outcome.script_violation.empty());
        CHECK(outcome.error == reference.error);
        CHECK(outcome.connection_usable == reference.connection_usable);
        CHECK(outcome.steps_left == reference.steps_left);
        CHECK(fixture.result.rows == reference_fixture.result.rows);
        CHECK(fixture.session.parameters == reference_fixture.session.parameters);
    }
}

}  // namespace wiredump::protocol::test
