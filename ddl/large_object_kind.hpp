#pragma once

#include "ddl/dump_plan.hpp"
#include "ddl/object_kind.hpp"
#include "dumpfmt/toc_entry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Large objects as a 1.14 archive stores them: one BLOB entry per large
// object (pre-data) with its comment and ACL, and one BLOBS entry (data)
// whose data block the pipeline fills with every large object's bytes.
// NOTE: 1.15 and 1.16 archives get the same entries. pg_dump 17 writes 1.16
// with BLOB METADATA entries and one BLOBS entry per group of up to 1000
// large objects instead. pg_restore 17 and 18 restore these entries from a
// 1.16 archive too, as tests/integration/suites/compression.sh checks.
class LargeObjectKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    struct LargeObject {
        std::uint32_t oid = 0;
        std::uint32_t owner_oid = 0;
        std::string acl_sql;     // GRANT/REVOKE text, "" when the ACL is the default
    };
    std::vector<LargeObject> large_objects_;   // in OID order
};

// Finds the BLOBS entry among the assembled entries and lists the large
// objects of the BLOB entries in ascending OID order. Unset when there is no
// BLOBS entry.
std::optional<LargeObjectDataJob> find_large_object_data(
    const std::vector<dumpfmt::TocEntry>& entries);

}  // namespace wiredump::ddl
