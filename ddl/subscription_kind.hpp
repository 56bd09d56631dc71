#pragma once

#include "ddl/object_kind.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Subscriptions of the dumped database (SUBSCRIPTION, post-data) with their
// comments. As pg_dump 15 does, they are read only when the session user is
// a superuser, because pg_subscription.subconninfo is not readable otherwise.
class SubscriptionKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

    struct SubscriptionRecord {
        catalog::CatalogId id;
        std::string name;
        std::uint32_t owner_oid = 0;
        std::string connection_info;              // subconninfo
        std::optional<std::string> slot_name;     // subslotname, unset for NONE
        std::string synchronous_commit;           // subsynccommit, for example "off"
        std::vector<std::string> publications;    // unquoted names
        bool binary = false;
        char streaming = 'f';                     // substream: 'f' off, 't' on, 'p' parallel (16+)
        bool two_phase = false;                   // subtwophasestate other than 'd'
        bool disable_on_error = false;
        bool password_required = true;            // subpasswordrequired, PostgreSQL 16 and later
        bool run_as_owner = false;                // subrunasowner, PostgreSQL 16 and later
        bool failover = false;                    // subfailover, PostgreSQL 17 and later
        std::string origin = "any";               // suborigin, PostgreSQL 16 and later
    };

private:
    std::vector<SubscriptionRecord> subscriptions_;
};

// Builds "CREATE SUBSCRIPTION s CONNECTION '...' PUBLICATION p WITH (connect =
// false, slot_name = ...[, options]);\n" as pg_dump 15's dumpSubscription
// writes it, with the options of servers 16 to 18 as pg_dump 17 and 18 write
// them. The subscription is restored disabled and without a slot.
std::string create_subscription_sql(const PlanContext& context,
                                    const SubscriptionKind::SubscriptionRecord& subscription);

}  // namespace wiredump::ddl
