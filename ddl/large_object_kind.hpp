#pragma once

#include "ddl/dump_plan.hpp"
#include "ddl/object_kind.hpp"
#include "dumpfmt/toc_entry.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// pg_dump 17 puts at most this many large objects into one BLOB METADATA group.
inline constexpr std::size_t max_large_objects_per_group = 1000;

// One row of pg_largeobject_metadata.
struct LargeObjectRow {
    std::uint32_t oid = 0;
    std::uint32_t owner_oid = 0;
    std::optional<std::string> acl;   // lomacl as text, unset for NULL
    std::string acl_sql;              // GRANT/REVOKE text, "" when the ACL is the default
};

// Large objects that share one BLOB METADATA and one BLOBS entry.
struct LargeObjectGroup {
    std::uint32_t owner_oid = 0;
    std::string acl_sql;              // the first large object's, which pg_restore applies to all
    std::vector<std::uint32_t> oids;
};

// Splits `rows`, ordered by owner, ACL text and OID as the server sorts them,
// into groups of consecutive rows with the same owner and ACL and at most
// max_large_objects_per_group members, as pg_dump 17's getLOs does.
std::vector<LargeObjectGroup> group_large_objects(const std::vector<LargeObjectRow>& rows);

// Large objects in one of two layouts, chosen by PlanOptions::group_large_objects.
// The 1.14 layout, which pg_dump 15 writes: one BLOB entry per large object
// (pre-data) with its comment and ACL, and one BLOBS entry (data) whose data
// block contains every large object's bytes. The 1.16 layout, which pg_dump 17
// writes: one BLOB METADATA entry (data section) per group, with one COMMENT
// entry per commented large object and one ACL entry per group, and one
// BLOBS entry per group.
class LargeObjectKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    void add_single_objects(const PlanContext& context, ObjectGraph& graph);
    void add_group_objects(const PlanContext& context, ObjectGraph& graph);

    std::vector<LargeObjectRow> large_objects_;   // ordered by owner, ACL text and OID
    std::vector<LargeObjectGroup> groups_;
};

// Finds the BLOBS entries among the assembled entries and lists the large
// objects of each data block in ascending OID order. A 1.14 BLOBS entry gets
// those of every BLOB entry. A 1.16 one gets those of the BLOB METADATA entry
// it depends on. Empty when there is no BLOBS entry.
std::vector<LargeObjectDataJob> find_large_object_data(const std::vector<dumpfmt::TocEntry>& entries);

}  // namespace wiredump::ddl
