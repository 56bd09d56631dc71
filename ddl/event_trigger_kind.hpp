#pragma once

#include "ddl/object_kind.hpp"

#include <string>
#include <vector>

namespace wiredump::ddl {

// Event triggers (EVENT TRIGGER, post-data) with their comments. pg_restore
// creates them in its last pass, after the ACLs, so that they do not fire
// while the other objects are restored.
class EventTriggerKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct EventTriggerRecord {
        catalog::CatalogId id;
        std::string name;
        std::string event;          // evtevent, for example "ddl_command_end"
        std::uint32_t owner_oid = 0;
        char enabled = 'O';         // evtenabled: O, D, A (ALWAYS) or R (REPLICA)
        std::string tags;           // quoted tags joined with ", ", "" when there is no WHEN
        std::string function;       // evtfoid::regproc, qualified when not on the search path
    };

private:
    std::vector<EventTriggerRecord> triggers_;
};

// Builds CREATE EVENT TRIGGER with the WHEN and EXECUTE FUNCTION lines
// indented as pg_dump 15's dumpEventTrigger writes them, followed by
// ALTER EVENT TRIGGER ... ENABLE/DISABLE when evtenabled is not 'O'.
std::string create_event_trigger_sql(const PlanContext& context,
                                     const EventTriggerKind::EventTriggerRecord& trigger);

}  // namespace wiredump::ddl
